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
