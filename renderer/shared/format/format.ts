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
