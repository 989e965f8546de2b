import { XdrError, type XdrReader, type XdrWriter } from './xdr';

/**
 * UUIDs: libvirt sends 16 raw bytes, every caller compares, logs and stores canonical lowercase
 * text. The conversions are on the hot path of every listing and bulk-stats reply, hence the
 * caches below. The generated codecs use `decodeUuid`/`encodeUuid` for every `remote_uuid`.
 */

/** Number of raw bytes in a libvirt UUID. */
export const UUID_BYTES = 16;

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Byte offsets after which a dash may appear in UUID text (8-4-4-4-12). */
const DASH_AFTER_BYTE = new Set([3, 5, 7, 9]);

/** Value of one hex digit, or −1. */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87; // a-f
  return -1;
}

/** Format 16 raw UUID bytes as canonical text (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, lowercase). */
export function uuidFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== UUID_BYTES) throw new XdrError(`a UUID has ${UUID_BYTES} bytes, got ${bytes.length}`);
  let s = '';
  for (let i = 0; i < UUID_BYTES; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[bytes[i] as number];
  }
  return s;
}

/** Parse UUID text (with or without the four dashes, any case) into 16 raw bytes. */
export function uuidToBytes(text: string): Uint8Array {
  return parseUuidInto(text, new Uint8Array(UUID_BYTES));
}

/** Character offsets of the 16 hex pairs in canonical 8-4-4-4-12 text. */
const CANONICAL_PAIRS: readonly number[] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/** Parse UUID text into `out` (16 bytes) and return it. */
function parseUuidInto(text: string, out: Uint8Array): Uint8Array {
  // A hand-rolled parser: this runs once per domain argument, so thousands of times per refresh.
  // Canonical text (what every record holds) is read at fixed offsets; anything else takes the
  // general loop below.
  if (text.length === 36 && text.charCodeAt(8) === 45 && text.charCodeAt(13) === 45 && text.charCodeAt(18) === 45 && text.charCodeAt(23) === 45) {
    for (let i = 0; i < UUID_BYTES; i++) {
      const at = CANONICAL_PAIRS[i]!;
      const hi = hexDigit(text.charCodeAt(at));
      const lo = hexDigit(text.charCodeAt(at + 1));
      if (hi < 0 || lo < 0) throw new XdrError(`not a UUID: ${JSON.stringify(text)}`);
      out[i] = (hi << 4) | lo;
    }
    return out;
  }
  let pos = 0;
  for (let i = 0; i < UUID_BYTES; i++) {
    const hi = hexDigit(text.charCodeAt(pos));
    const lo = hexDigit(text.charCodeAt(pos + 1));
    if (hi < 0 || lo < 0) throw new XdrError(`not a UUID: ${JSON.stringify(text)}`);
    out[i] = (hi << 4) | lo;
    pos += 2;
    if (DASH_AFTER_BYTE.has(i) && text.charCodeAt(pos) === 45) pos++; // optional '-'
  }
  if (pos !== text.length) throw new XdrError(`not a UUID: ${JSON.stringify(text)}`);
  return out;
}

/** Normalise UUID text to the canonical lowercase dashed form (throws on anything else). */
export function normalizeUuid(text: string): string {
  return uuidFromBytes(uuidToBytes(text));
}

/** Slots of the UUID text cache (a power of two). */
const UUID_CACHE_SLOTS = 4096;
/** The 16 bytes each cached text was made from, slot by slot, to verify a hit. */
const uuidCacheBytes = new Uint8Array(UUID_CACHE_SLOTS * UUID_BYTES);
const uuidCacheText: (string | undefined)[] = new Array<string | undefined>(UUID_CACHE_SLOTS).fill(undefined);

/** Read a 16-byte UUID and return it as text. */
export function decodeUuid(r: XdrReader): string {
  // Every listing and bulk-stats reply carries the UUIDs of the same domains again. A
  // direct-mapped cache, verified byte by byte, turns most of them into a lookup instead of
  // building the 36-character text anew (the text is an immutable value, so sharing it is safe).
  const bytes = r.fixedOpaqueView(UUID_BYTES);
  let h = 0x811c9dc5;
  for (let i = 0; i < UUID_BYTES; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  const slot = (h >>> 0) & (UUID_CACHE_SLOTS - 1);
  const base = slot * UUID_BYTES;
  const cached = uuidCacheText[slot];
  if (cached !== undefined) {
    let i = 0;
    while (i < UUID_BYTES && uuidCacheBytes[base + i] === bytes[i]) i++;
    if (i === UUID_BYTES) return cached;
  }
  const text = uuidFromBytes(bytes);
  uuidCacheBytes.set(bytes, base);
  uuidCacheText[slot] = text;
  return text;
}

/** Raw bytes of recently encoded UUID texts; bounded, and the writer only ever copies from them. */
const uuidBytesCache = new Map<string, Uint8Array>();
const UUID_BYTES_CACHE_MAX = 4096;

/** Write UUID text as 16 raw bytes. */
export function encodeUuid(w: XdrWriter, uuid: string): void {
  // Callers pass the same domain records again and again (one call per domain per refresh), and
  // a lookup by a string whose hash V8 has already cached is cheaper than parsing 36 characters.
  let bytes = uuidBytesCache.get(uuid);
  if (bytes === undefined) {
    bytes = uuidToBytes(uuid);
    if (uuidBytesCache.size >= UUID_BYTES_CACHE_MAX) uuidBytesCache.clear();
    uuidBytesCache.set(uuid, bytes);
  }
  w.fixedOpaque(bytes, UUID_BYTES);
}
