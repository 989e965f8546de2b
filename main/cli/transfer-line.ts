import type { ByteProgress } from '../activity';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes in binary units, three significant digits: "512 B", "12.3 MiB", "1.50 GiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} B`;
  return `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${UNITS[unit]}`;
}

/** Seconds as m:ss or h:mm:ss. */
function clock(seconds: number): string {
  const s = Math.round(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${Math.floor(s / 60)}:${two(s % 60)}`;
}

/** One status line for a transfer: "Importing disk: 12.3 MiB of 100 MiB (12%), 45.6 MiB/s, 0:02 left". */
export function transferLine(label: string, progress: ByteProgress): string {
  const parts = [progress.total === null ? formatBytes(progress.bytes) : `${formatBytes(progress.bytes)} of ${formatBytes(progress.total)}`];
  if (progress.total !== null && progress.total > 0) parts[0] += ` (${Math.floor((progress.bytes / progress.total) * 100)}%)`;
  if (progress.rate > 0) parts.push(`${formatBytes(progress.rate)}/s`);
  if (progress.etaSeconds !== null && progress.etaSeconds > 0) parts.push(`${clock(progress.etaSeconds)} left`);
  return `${label}: ${parts.join(', ')}`;
}
