import { formatBytes as formatKnownBytes } from '../stats/stats-charts';

/** Bytes in binary units (`1.2 GiB`); a dash when unknown (an image still being imported). */
export function formatBytes(bytes: number | null): string {
  return bytes === null ? '—' : formatKnownBytes(bytes);
}
