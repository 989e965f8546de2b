import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock, formatCount, formatMiB, orDash, suggestedImageName } from '../../../../../renderer/shared/format/format';

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

  it('bytes: binary units, one decimal below 100, a dash when unknown (one rule for every screen)', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(2 * 1024 * 1024)).toBe('2.0 MiB');
    expect(formatBytes(100 * 1024 * 1024)).toBe('100 MiB');
    expect(formatBytes(null)).toBe('—');
  });

  it('suggests an image name from a file name or a path on main, without a disk image extension', () => {
    expect(suggestedImageName('cirros-0.6.2.qcow2')).toBe('cirros-0.6.2');
    expect(suggestedImageName('disk.IMG')).toBe('disk');
    expect(suggestedImageName('/var/lib/images/ubuntu.iso')).toBe('ubuntu');
    expect(suggestedImageName('C:\\images\\win.raw')).toBe('win');
    expect(suggestedImageName('')).toBe('');
  });
});
