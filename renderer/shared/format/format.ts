// Formatting shared by the screens.

/** MiB as `nova` users read it: whole GiB as GiB, the rest as MiB. */
export function formatMiB(mib: number): string {
  return mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`;
}

/** An ISO time in the user's locale; `fallback` when there is none. */
export function formatTime(iso: string | null, fallback = 'never'): string {
  if (iso === null) return fallback;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** A value or nova's `-` for null/empty. */
export function orDash(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '-' : value;
}

const countFormat = new Intl.NumberFormat();

/** A count with the locale's digit grouping (`10,000`). */
export function formatCount(count: number): string {
  return countFormat.format(count);
}

/** A moment today as the clock shows it (`19:42:10`); with the date when it is not today. */
export function formatClock(epochMs: number, now: number = Date.now()): string {
  const date = new Date(epochMs);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  return sameDay ? date.toLocaleTimeString() : date.toLocaleString();
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes with a binary unit (`1.5 MiB`, `118 MiB`: one decimal below 100); a dash when unknown (an image being imported). */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** The image name a file suggests (a file name or a path on main's machine): its last part without a disk image extension. */
export function suggestedImageName(fileOrPath: string): string {
  const base = fileOrPath.split(/[\\/]/).pop() ?? '';
  return base.replace(/\.(qcow2|qcow|img|raw|iso)$/i, '').trim().slice(0, 255);
}
