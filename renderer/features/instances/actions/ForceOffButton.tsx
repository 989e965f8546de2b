import type { Instance } from '../../../../common/contract/schemas';
import { useActionsUiStore } from './actions-ui-store';
import { LIFECYCLE_ACTIONS } from './lifecycle';
import { availabilityNow, useAvailability } from './use-lifecycle';

const FORCE_STOP = LIFECYCLE_ACTIONS['force-stop'];

/**
 * Force off for instances whose stop timed out (a notice, the bulk summary): live as the toolbar would be for
 * `force-stop` (connected, the instance still running, nothing asked for it yet), else aria-disabled with the reason.
 * It sends only the instances allowed, read again at the click, so a double click sends once.
 */
export function ForceOffButton(props: { readonly instances: readonly Instance[]; readonly className: string; readonly testId: string; readonly withCount?: boolean; readonly onSent?: () => void }) {
  const run = useActionsUiStore((s) => s.run);
  const force = useAvailability(FORCE_STOP, props.instances);
  const forceOff = () => {
    const { targets } = availabilityNow(FORCE_STOP, props.instances);
    if (targets.length === 0) return;
    props.onSent?.();
    void run(FORCE_STOP, targets);
  };
  const count = force.reason === null ? force.targets.length : props.instances.length;
  return (
    <button type="button" className={props.className} data-testid={props.testId} aria-disabled={force.reason !== null} title={force.reason ?? undefined} onClick={forceOff}>
      {props.withCount === true ? `Force off ${count}` : 'Force off'}
    </button>
  );
}
