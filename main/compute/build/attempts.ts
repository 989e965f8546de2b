// Scheduling attempts of a build as the instance row keeps them (build_attempts_json): where each went, why that
// host, and how it ended — Nova keeps only the list of tried hosts; keeping the reason makes a reschedule readable.
import type { BuildAttempt, InstanceFault } from '../../inventory/model';
import { formatAmount } from '../../placement/format';
import type { PlacementAttempt } from '../../placement/types';

/** The scheduler's one-line explanation of why `attempt` chose its host. */
export function explainChoice(attempt: PlacementAttempt): string {
  const host = attempt.host ?? 'no host';
  const chosen = attempt.explanations.find((e) => e.passed && e.chosen);
  if (chosen === undefined || !chosen.passed) return `${host}: chosen (${attempt.candidates} candidate${attempt.candidates === 1 ? '' : 's'})`;
  const parts = chosen.weighers.filter((w) => w.contribution !== 0).map((w) => `${w.weigher} ${formatAmount(w.contribution)}`);
  const why = parts.length === 0 ? '' : ` (${parts.join(', ')})`;
  return `${host}: rank ${chosen.rank} of ${attempt.candidates} candidate${attempt.candidates === 1 ? '' : 's'}, weight ${formatAmount(chosen.weight)}${why}`;
}

/** A new attempt on `host`. */
export function newAttempt(host: string, explanation: string, startedAt: string): BuildAttempt {
  return { host, explanation, startedAt, fault: null };
}

/** The attempts with the last one's fault set. */
export function failLastAttempt(attempts: readonly BuildAttempt[], fault: InstanceFault): BuildAttempt[] {
  const last = attempts.at(-1);
  if (last === undefined) return [];
  return [...attempts.slice(0, -1), { ...last, fault }];
}
