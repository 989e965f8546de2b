import { describe, expect, it } from 'vitest';
import { formatClock, formatCount, formatMiB, orDash } from '../../../../../renderer/shared/format/format';

describe('formatting', () => {
  it('shows whole GiB as GiB and the rest as MiB', () => {
    expect(formatMiB(512)).toBe('512 MiB');
    expect(formatMiB(2048)).toBe('2 GiB');
    expect(formatMiB(1536)).toBe('1536 MiB');
  });

  it('groups the digits of counts', () => {
    expect(formatCount(10_000)).toBe(new Intl.NumberFormat().format(10_000));
    expect(formatCount(7)).toBe('7');
  });

  it('shows a moment of today as a time, of another day with its date', () => {
    const now = new Date(2025, 5, 10, 15, 0, 0).getTime();
    const today = new Date(2025, 5, 10, 9, 30, 5).getTime();
    const yesterday = new Date(2025, 5, 9, 9, 30, 5).getTime();
    expect(formatClock(today, now)).toBe(new Date(today).toLocaleTimeString());
    expect(formatClock(yesterday, now)).toBe(new Date(yesterday).toLocaleString());
  });

  it('prints nova’s dash for nothing', () => {
    expect(orDash(null)).toBe('-');
    expect(orDash('')).toBe('-');
    expect(orDash('x')).toBe('x');
  });
});
