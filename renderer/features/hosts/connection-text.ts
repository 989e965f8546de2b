// A host's connection state in words for the details panel: up since when, or down with main's reason and when its
// session tries again (the inventory keeps `nextRetryAt`, so every window can count down to it).
import type { Host } from '../../../common/contract/schemas';
import { formatTime } from '../../shared/format/format';

/** When the next connection attempt is, from now (`in 12 s`, `now` once it is due). */
export function nextRetryText(nextRetryAt: string | null, now: number): string | null {
  if (nextRetryAt === null) return null;
  const at = Date.parse(nextRetryAt);
  if (Number.isNaN(at)) return null;
  const seconds = Math.ceil((at - now) / 1000);
  return seconds <= 0 ? 'retrying now' : `next retry at ${new Date(at).toLocaleTimeString()} (in ${seconds} s)`;
}

/** Why the host is in its state, in words: a down host's reason and when its session tries again. */
export function connectionText(host: Host, now: number): string {
  switch (host.status) {
    case 'up':
      return `Connected; last heard from ${formatTime(host.lastSeenAt)}.`;
    case 'down': {
      const retry = nextRetryText(host.nextRetryAt, now) ?? 'retried with a growing wait, up to a minute';
      return `Not reachable${host.statusReason === null ? '' : `: ${host.statusReason}`}; ${retry}. Last seen ${formatTime(host.lastSeenAt)}.`;
    }
    case 'unknown':
      return 'Not connected yet: the first connection is under way.';
  }
}
