import { describe, expect, it } from 'vitest';
import { connectionText, nextRetryText } from '../../../../../renderer/features/hosts/connection-text';
import type { Host } from '../../../../../common/contract/schemas';

const base = { lastSeenAt: null, statusReason: null, nextRetryAt: null } as const;
const host = (fields: Partial<Host>): Host => ({ ...base, status: 'down', ...fields }) as Host;

describe('a host’s connection state in words', () => {
  const now = Date.parse('2026-12-07T22:00:00Z');

  it('counts down to the next retry, and says when it is due', () => {
    expect(nextRetryText('2026-12-07T22:00:12.300Z', now)).toMatch(/^next retry at .+ \(in 13 s\)$/);
    expect(nextRetryText('2026-12-07T21:59:59Z', now)).toBe('retrying now');
    expect(nextRetryText(null, now)).toBeNull();
    expect(nextRetryText('not a time', now)).toBeNull();
  });

  it('gives a down host’s reason and retry; an up host when it was last heard from', () => {
    expect(connectionText(host({ statusReason: 'connection refused', nextRetryAt: '2026-12-07T22:00:05Z' }), now)).toMatch(/^Not reachable: connection refused; next retry at .+ \(in 5 s\)\. Last seen never\.$/);
    expect(connectionText(host({ statusReason: 'connection refused' }), now)).toBe('Not reachable: connection refused; retried with a growing wait, up to a minute. Last seen never.');
    expect(connectionText(host({ status: 'up', lastSeenAt: null }), now)).toBe('Connected; last heard from never.');
    expect(connectionText(host({ status: 'unknown' }), now)).toMatch(/first connection/);
  });
});
