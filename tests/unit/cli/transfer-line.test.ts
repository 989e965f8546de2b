import { describe, expect, it } from 'vitest';
import { formatBytes, transferLine } from '../../../main/cli/transfer-line';

describe('transfer lines', () => {
  it('formats bytes in binary units with three significant digits', () => {
    expect([0, 1023, 1024, 10_485_760, 123_456_789, 5 * 1024 ** 3].map(formatBytes)).toEqual(['0 B', '1023 B', '1.00 KiB', '10.0 MiB', '118 MiB', '5.00 GiB']);
  });

  it('says how far, how fast and how long is left', () => {
    expect(transferLine('Uploading boot', { kind: 'bytes', bytes: 5 * 1024 ** 2, total: 20 * 1024 ** 2, rate: 1024 ** 2, etaSeconds: 15 })).toBe(
      'Uploading boot: 5.00 MiB of 20.0 MiB (25%), 1.00 MiB/s, 0:15 left',
    );
    expect(transferLine('x', { kind: 'bytes', bytes: 10, total: null, rate: 0, etaSeconds: null })).toBe('x: 10 B');
    expect(transferLine('x', { kind: 'bytes', bytes: 1, total: 2, rate: 1, etaSeconds: 3725 })).toBe('x: 1 B of 2 B (50%), 1 B/s, 1:02:05 left');
  });
});
