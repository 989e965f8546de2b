import { useMemo } from 'react';
import type { Instance } from '../../../../common/contract/schemas';
import { useActionsUiStore } from './actions-ui-store';
import { ForceOffButton } from './ForceOffButton';
import { actionTestIds } from './test-ids';

/** What the last action on this instance left to say: main's refusal, or a stop that timed out with "Force off". */
export function ActionNoticeBanner({ instance }: { readonly instance: Instance }) {
  const notice = useActionsUiStore((s) => s.notices.get(instance.uuid));
  const dismiss = useActionsUiStore((s) => s.dismissNotice);
  const instances = useMemo(() => [instance], [instance]);
  if (notice === undefined) return null;
  const force = notice.line.offer === 'force-stop';
  return (
    <div className={`banner ${notice.kind === 'refused' ? 'banner--error' : 'banner--warning'} action-notice`} role="alert" data-testid={actionTestIds.notice(instance.uuid)} data-kind={notice.kind}>
      <span>
        <strong>{notice.label.replace('…', '')}</strong> {notice.kind === 'refused' ? 'refused' : 'did not finish'}: {notice.line.message ?? 'no reason given'}
      </span>
      {force && <ForceOffButton instances={instances} className="button button--small button--danger" testId={actionTestIds.noticeForce} />}
      <button type="button" className="link-button" data-testid={actionTestIds.noticeDismiss} onClick={() => dismiss(instance.uuid)}>
        Dismiss
      </button>
    </div>
  );
}
