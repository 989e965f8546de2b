import { createHash } from 'node:crypto';

/**
 * A stable UUID for a lab object name (RFC 4122 version 5 layout over SHA-1).
 * File-based test hosts give every connection a fresh copy of their domains; fixed UUIDs make the
 * copies recognisably the same objects, and the lab guest keeps its UUID across `up`s.
 */
export function labUuid(name: string): string {
  const bytes = createHash('sha1').update(`virt-deck-lab:${name}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
