// System Use Sharing Protocol (SUSP 1.10) and Rock Ridge (RRIP 1.09, "RRIP_1991A") entries: they
// carry the real lowercase file names and POSIX modes that Linux shows when it mounts the image.
import { both32, recordingDate } from './fields';

/** One SUSP entry: two signature letters, the entry length, version 1, then the body. */
function entry(signature: string, body: Buffer): Buffer {
  if (body.length + 4 > 255) throw new RangeError(`System use entry ${signature} is too long (${body.length + 4} bytes)`);
  return Buffer.concat([Buffer.from(signature, 'ascii'), Buffer.from([body.length + 4, 1]), body]);
}

/** "SP": marks the root directory as using SUSP; must be the first entry of the root's "." record. */
export function spEntry(): Buffer {
  return entry('SP', Buffer.from([0xbe, 0xef, 0]));
}

/** Bits of the RRIP 1.09 "RR" entry naming which Rock Ridge entries a record carries. */
export const RR_FLAGS = { px: 0x01, nm: 0x08, tf: 0x80 } as const;

/** "RR" (RRIP 1.09): which Rock Ridge entries follow. Linux stops reading a record's entries if this names none of PX/TF/SL/CL. */
export function rrEntry(flags: number): Buffer {
  return entry('RR', Buffer.from([flags]));
}

/** "PX": POSIX mode, link count, uid and gid (the 36-byte RRIP 1.09 form, without a serial number). */
export function pxEntry(mode: number, links: number): Buffer {
  return entry('PX', Buffer.concat([both32(mode), both32(links), both32(0), both32(0)]));
}

/** "TF": modification, access and attribute-change times, all `date`. */
export function tfEntry(date: Date): Buffer {
  const modify = 0x02;
  const access = 0x04;
  const attributes = 0x08;
  const stamp = recordingDate(date);
  return entry('TF', Buffer.concat([Buffer.from([modify | access | attributes]), stamp, stamp, stamp]));
}

/** "NM": the file's real name (flags 0: the whole name, no continuation). */
export function nmEntry(name: string): Buffer {
  return entry('NM', Buffer.concat([Buffer.from([0]), Buffer.from(name, 'ascii')]));
}

/** "CE": where the rest of this record's system use area continues (block, offset in it, length). */
export function ceEntry(block: number, offset: number, length: number): Buffer {
  return entry('CE', Buffer.concat([both32(block), both32(offset), both32(length)]));
}

// RRIP 1.09 §4.3: the identifier readers look for, and the descriptor and source texts it prescribes.
const RRIP_ID = 'RRIP_1991A';
const RRIP_DESCRIPTOR = 'THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS';
const RRIP_SOURCE = 'PLEASE CONTACT DISC PUBLISHER FOR SPECIFICATION SOURCE.  SEE PUBLISHER IDENTIFIER IN PRIMARY VOLUME DESCRIPTOR FOR CONTACT INFORMATION.';

/**
 * "ER": declares that the volume uses Rock Ridge. Linux only prefers Rock Ridge over Joliet once it
 * has seen this entry. At 237 bytes it does not fit in the root record beside the others, so it
 * lives in a continuation area that the root's "CE" entry points to (as mkisofs does).
 */
export function erEntry(): Buffer {
  const id = Buffer.from(RRIP_ID, 'ascii');
  const descriptor = Buffer.from(RRIP_DESCRIPTOR, 'ascii');
  const source = Buffer.from(RRIP_SOURCE, 'ascii');
  return entry('ER', Buffer.concat([Buffer.from([id.length, descriptor.length, source.length, 1]), id, descriptor, source]));
}
