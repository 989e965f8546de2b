import { useMemo, useRef } from 'react';
import type { Instance } from '../../../../common/contract/schemas';
import { Dialog } from '../../../shared/dialogs/Dialog';
import { summaryTitle, type SummaryLine } from './action-summary';
import { useActionsUiStore } from './actions-ui-store';
import { ForceOffButton } from './ForceOffButton';
import { actionTestIds } from './test-ids';

/** After an action on several instances: what was done, what stopped short (with Force off), what was refused and why. */
export function BulkSummaryDialog(props: { readonly rows: readonly Instance[] }) {
  const summary = useActionsUiStore((s) => s.summary);
  const close = useActionsUiStore((s) => s.closeSummary);
  const closeRef = useRef<HTMLButtonElement>(null);
  const forceable = useMemo(() => {
    const wanted = new Set(summary?.notDone.filter((line) => line.offer === 'force-stop').map((line) => line.uuid));
    return props.rows.filter((row) => wanted.has(row.uuid));
  }, [summary, props.rows]);
  if (summary === null) return null;
  return (
    <Dialog
      title={summaryTitle(summary)}
      testId={actionTestIds.summary}
      onClose={close}
      initialFocus={closeRef}
      wide
      actions={
        <>
          {forceable.length > 0 && (
            <ForceOffButton instances={forceable} className="button button--danger" testId={actionTestIds.summaryForce} withCount onSent={close} />
          )}
          <button ref={closeRef} type="button" className="button" data-testid={actionTestIds.summaryClose} onClick={close}>
            Close
          </button>
        </>
      }
    >
      <SummarySection title="Done" lines={summary.done} testId={actionTestIds.summaryDone} tone="ok" />
      <SummarySection title="Not done" lines={summary.notDone} testId={actionTestIds.summaryNotDone} tone="warn" />
      <SummarySection title="Refused" lines={summary.refused} testId={actionTestIds.summaryRefused} tone="error" />
    </Dialog>
  );
}

function SummarySection(props: { readonly title: string; readonly lines: readonly SummaryLine[]; readonly testId: string; readonly tone: 'ok' | 'warn' | 'error' }) {
  if (props.lines.length === 0) return null;
  return (
    <section className={`summary summary--${props.tone}`} data-testid={props.testId} data-count={props.lines.length}>
      <h3 className="summary__title">
        {props.title} ({props.lines.length})
      </h3>
      <ul className="summary__list">
        {props.lines.map((line) => (
          <li key={line.uuid} data-uuid={line.uuid}>
            <strong>{line.name}</strong>
            {line.message !== null && props.tone !== 'ok' && <span className="summary__reason">{line.message}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
