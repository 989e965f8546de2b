import { describe, expect, it } from 'vitest';
import { formatDuration, progressLine, startedUpload, uploadEta, uploadProblems, uploadRate, withProgress } from '../../../../../renderer/features/create/upload-model';

const MiB = 1024 * 1024;

describe('the Source step’s upload model', () => {
  it('measures the rate over the last 3 s and the time left from it', () => {
    let s = startedUpload('disk.qcow2', 'disk', 40 * MiB, 0);
    expect(uploadRate(s)).toBeNull();
    expect(progressLine(s)).toBe('0 B of 40.0 MiB');
    s = withProgress(s, 4 * MiB, 40 * MiB, 1000);
    expect(uploadRate(s)).toBe(4 * MiB);
    expect(uploadEta(s)).toBe(9);
    expect(progressLine(s)).toBe('4.0 MiB of 40.0 MiB · 4.0 MiB/s · 9 s left');
    // Faster later: samples older than the window go, so the rate follows.
    s = withProgress(s, 8 * MiB, 40 * MiB, 2000);
    s = withProgress(s, 20 * MiB, 40 * MiB, 4000);
    s = withProgress(s, 32 * MiB, 40 * MiB, 5000);
    expect(s.samples.map((x) => x.at)).toEqual([2000, 4000, 5000]);
    expect(uploadRate(s)).toBe(8 * MiB);
    expect(uploadEta(s)).toBe(1);
  });

  it('says the image is being checked once every byte is sent', () => {
    const s = withProgress(startedUpload('d.raw', 'd', MiB, 0), MiB, MiB, 500);
    expect(progressLine(s)).toBe('1.0 MiB of 1.0 MiB · 2.0 MiB/s · checking the image…');
  });

  it('formats durations', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(3900)).toBe('1 h 5 min');
  });

  it('checks the file and name before starting', () => {
    expect(uploadProblems(null, '')).toEqual({ file: 'Choose a qcow2 or raw disk image file', name: 'Give the image a name' });
    expect(uploadProblems({ size: 0 }, 'x')).toEqual({ file: 'The file is empty' });
    expect(uploadProblems({ size: 2048 }, ' x', 1024)).toEqual({ file: 'The file is 2.0 KiB; uploads are limited to 1.0 KiB', name: 'No spaces at the start or end' });
    expect(uploadProblems({ size: 512 }, 'ok')).toEqual({});
  });
});
