import type { Instance } from '../../../../common/contract/schemas';
import { ActionButton } from './ActionButton';
import { ActionNoticeBanner } from './ActionNoticeBanner';
import { useActionsUiStore } from './actions-ui-store';
import { actionTestIds, type ActionsScope } from './test-ids';
import { useLifecycleEntries } from './use-lifecycle';
import './actions.css';

/**
 * The lifecycle buttons for some instances — over the list for the selection, atop the details for the open one —
 * each live only where every guard allows it (for a selection: where at least one instance allows it; main refuses
 * the others and the summary names them). Under it, what the last action on a single instance left to say.
 */
export function InstanceActionsBar(props: { readonly scope: ActionsScope; readonly instances: readonly Instance[] }) {
  const entries = useLifecycleEntries(props.instances);
  const run = useActionsUiStore((s) => s.run);
  const only = props.instances.length === 1 ? props.instances[0] : undefined;
  return (
    <div className={`actions-bar actions-bar--${props.scope}`}>
      <div className="actions-bar__buttons" role="toolbar" aria-label={only === undefined ? `Actions on ${props.instances.length} selected instances` : `Actions on ${only.name}`} data-testid={actionTestIds.bar(props.scope)}>
        {entries.map((entry) => (
          <ActionButton
            key={entry.action.id}
            scope={props.scope}
            id={entry.action.id}
            label={entry.action.label}
            tooltip={entry.tooltip}
            enabled={entry.availability.reason === null}
            {...(entry.action.danger === true && { danger: true })}
            // The whole selection goes to main: it is the judge, and the summary names what it refused and why.
            onPress={() => void run(entry.action, props.instances)}
          />
        ))}
      </div>
      {only !== undefined && <ActionNoticeBanner instance={only} />}
    </div>
  );
}
