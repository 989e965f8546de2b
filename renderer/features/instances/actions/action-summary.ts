// What a bulk action (or one action) came back with, sorted for the operator: done, stopped short (a stop that timed
// out, with main's offer to force it), refused or failed — each with its instance's name and main's words.
import type { ActionResult } from '../../../shared/stores/instance-actions-store';

/** One instance's line in a summary. */
export interface SummaryLine {
  readonly uuid: string;
  readonly name: string;
  /** Main's words (the refusal, the failure, the timeout); null when it had nothing to add. */
  readonly message: string | null;
  /** What main offers next for it (`force-stop`), or null. */
  readonly offer: string | null;
}

/** A summary: lines by outcome, in the order asked. */
export interface ActionSummary {
  /** The action's label ("Stop"), for the title. */
  readonly label: string;
  readonly done: readonly SummaryLine[];
  readonly notDone: readonly SummaryLine[];
  readonly refused: readonly SummaryLine[];
}

/** Sort results into done / not done / refused; `names` gives each instance's name (the UUID when unknown). */
export function summarize(label: string, results: readonly ActionResult[], names: ReadonlyMap<string, string>): ActionSummary {
  const line = (r: ActionResult): SummaryLine => ({ uuid: r.uuid, name: names.get(r.uuid) ?? r.uuid, message: r.message, offer: r.offer ?? null });
  return {
    label,
    done: results.filter((r) => r.ok && r.done !== false).map(line),
    notDone: results.filter((r) => r.ok && r.done === false).map(line),
    refused: results.filter((r) => !r.ok).map(line),
  };
}

/** "Stop 3 instances: 2 done, 1 refused". */
export function summaryTitle(summary: ActionSummary): string {
  const total = summary.done.length + summary.notDone.length + summary.refused.length;
  const parts = [`${summary.done.length} done`];
  if (summary.notDone.length > 0) parts.push(`${summary.notDone.length} not done`);
  if (summary.refused.length > 0) parts.push(`${summary.refused.length} refused`);
  return `${summary.label.replace('…', '')} ${total} instance${total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
