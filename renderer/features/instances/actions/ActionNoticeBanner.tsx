import { useMemo } from 'react';
import type { Instance } from '../../../../common/contract/schemas';
import { useActionsUiStore } from './actions-ui-store';
import { LIFECYCLE_ACTIONS } from './lifecycle';
import { availabilityNow, useAvailability } from './use-lifecycle';
import { actionTestIds } from './test-ids';

/** What the last action on this instance left to say: main's refusal, or a stop that timed out with "Force off". */
export function ActionNoticeBanner({ instance }: { readonly instance: Instance }) {
  const notice = useActionsUiStore((s) => s.notices.get(instance.uuid));
  const run = useActionsUiStore((s) => s.run);
  const dismiss = useActionsUiStore((s) => s.dismissNotice);
  const instances = useMemo(() => [instance], [instance]);
  // Force off as the toolbar would allow it now: connected, the instance still running, nothing asked for it yet.
  const forceAvailability = useAvailability(LIFECYCLE_ACTIONS['force-stop'], instances);
  if (notice === undefined) return null;
  const force = notice.line.offer === 'force-stop';
  const forceOff = () => {
    // Read again at the click: a second click sees the first one's pending mark and sends nothing.
    const { targets } = availabilityNow(LIFECYCLE_ACTIONS['force-stop'], instances);
    if (targets.length > 0) void run(LIFECYCLE_ACTIONS['force-stop'], targets);
  };
  return (
    <div className={`banner ${notice.kind === 'refused' ? 'banner--error' : 'banner--warning'} action-notice`} role="alert" data-testid={actionTestIds.notice(instance.uuid)} data-kind={notice.kind}>
      <span>
        <strong>{notice.label.replace('…', '')}</strong> {notice.kind === 'refused' ? 'refused' : 'did not finish'}: {notice.line.message ?? 'no reason given'}
      </span>
      {force && (
        <button
          type="button"
          className="button button--small button--danger"
          data-testid={actionTestIds.noticeForce}
          aria-disabled={forceAvailability.reason !== null}
          title={forceAvailability.reason ?? undefined}
          onClick={forceOff}
        >
          Force off
        </button>
      )}
      <button type="button" className="link-button" data-testid={actionTestIds.noticeDismiss} onClick={() => dismiss(instance.uuid)}>
        Dismiss
      </button>
    </div>
  );
}
