import { describe, expect, it } from 'vitest';
import { DIFFERENT_HOST, GROUP_MEMBER, SAME_HOST, UuidFlags } from '../../../main/placement/uuid-flags';

describe('UuidFlags', () => {
  it('is null when the request lists no uuid', () => {
    expect(UuidFlags.of([])).toBeNull();
    expect(UuidFlags.of([[null, GROUP_MEMBER], [new Set<string>(), SAME_HOST]])).toBeNull();
  });

  it('answers what each listed uuid is, combining flags, and 0 for anything else', () => {
    const flags = UuidFlags.of([
      [new Set(['m1', 'both']), GROUP_MEMBER],
      [new Set(['s1']), SAME_HOST],
      [new Set(['both', '']), DIFFERENT_HOST],
    ])!;
    expect(flags.get('m1')).toBe(GROUP_MEMBER);
    expect(flags.get('s1')).toBe(SAME_HOST);
    expect(flags.get('both')).toBe(GROUP_MEMBER | DIFFERENT_HOST);
    expect(flags.get('')).toBe(DIFFERENT_HOST);
    for (const other of ['m2', 'm', 'M1', 'both ', 's1x', 'x']) expect(flags.get(other)).toBe(0);
  });

  it('tells real uuids apart, including ones that share their last characters', () => {
    const members = Array.from({ length: 200 }, (_, k) => `6f1c2a3e-0000-4000-8000-${String(k).padStart(12, '0')}`);
    const flags = UuidFlags.of([[new Set(members), GROUP_MEMBER]])!;
    for (const uuid of members) expect(flags.get(uuid)).toBe(GROUP_MEMBER);
    for (let k = 200; k < 400; k++) expect(flags.get(`6f1c2a3e-0000-4000-8000-${String(k).padStart(12, '0')}`)).toBe(0);
    expect(flags.get(`7f1c2a3e-0000-4000-8000-${'0'.repeat(12)}`)).toBe(0);
  });

  it('answers 0 for a non-string that slipped into a host record', () => {
    const flags = UuidFlags.of([[new Set(['1']), GROUP_MEMBER]])!;
    expect(flags.get(1 as unknown as string)).toBe(0);
  });
});
