import { XmlError } from './errors';

/**
 * libvirt's size units (`virScaleInteger`): `b`/`bytes`; `k`, `M`, `G`, `T`, `P`, `E` alone or with `iB` are
 * powers of 1024; with `B` (`KB`, `MB` …) powers of 1000. Case does not matter.
 */
const POWERS: Readonly<Record<string, number>> = { k: 1, m: 2, g: 3, t: 4, p: 5, e: 6 };

/** Bytes in one `unit`, or null for a unit libvirt does not know. */
export function unitBytes(unit: string): bigint | null {
  const u = unit.toLowerCase();
  if (u === 'b' || u === 'bytes') return 1n;
  const power = POWERS[u[0] ?? ''];
  if (power === undefined) return null;
  const rest = u.slice(1);
  if (rest === '' || rest === 'ib') return 1024n ** BigInt(power);
  if (rest === 'b') return 1000n ** BigInt(power);
  return null;
}

/** A non-negative decimal integer as a bigint, or null. */
export function parseUnsigned(text: string): bigint | null {
  const t = text.trim();
  if (t === '' || t.length > 40) return null;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return null;
  }
  return BigInt(t);
}

/** `value` in `unit` (or `defaultUnit` when absent) as bytes; null when either is unreadable. */
export function sizeToBytes(value: string, unit: string | null, defaultUnit: string): bigint | null {
  const n = parseUnsigned(value);
  const scale = unitBytes(unit ?? defaultUnit);
  return n === null || scale === null ? null : n * scale;
}

/** Bytes in `mib` mebibytes. */
export function mibToBytes(mib: number | bigint): bigint {
  return BigInt(mib) * 1024n * 1024n;
}

/** Bytes in `gib` gibibytes. */
export function gibToBytes(gib: number | bigint): bigint {
  return BigInt(gib) * 1024n ** 3n;
}

/** Whole mebibytes in `bytes` (rounded down). */
export function bytesToMiB(bytes: bigint): number {
  return Number(bytes / (1024n * 1024n));
}

/** A size argument checked: a non-negative integer number of bytes. */
export function checkBytes(value: bigint | number, what: string): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new XmlError('invalid-value', `${what} must be a whole number of bytes, not ${value}`);
  const bytes = BigInt(value);
  if (bytes < 0n) throw new XmlError('invalid-value', `${what} must not be negative (${bytes})`);
  return bytes;
}
