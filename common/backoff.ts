// Reconnect timing, shared by main's host sessions and the renderer's web mode backend: one policy, one jitter.

/** Reconnect timing. */
export interface BackoffOptions {
  /** First delay (default 1 s). */
  readonly initialMs?: number;
  /** Cap (default 60 s). */
  readonly maxMs?: number;
  /** Growth per failed attempt (default 2). */
  readonly factor?: number;
}

/**
 * Delay before reconnect attempt `attempt` (0 = the first retry): exponential, capped, with "equal jitter" (half
 * fixed, half random) so that clients which lost their peer together — hosts behind one restarted libvirtd, browser
 * tabs of a restarted web mode, a laptop waking up — do not all retry in the same instant, while no delay collapses
 * to zero.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 1_000;
  const max = options.maxMs ?? 60_000;
  const factor = options.factor ?? 2;
  const ceiling = Math.min(max, initial * factor ** Math.max(0, attempt));
  return ceiling / 2 + random() * (ceiling / 2);
}
