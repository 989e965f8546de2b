import { findInvalidXmlChar } from './chars';
import { XmlError } from './errors';

/**
 * Checks for identifiers the app writes into XML. Escaping makes any string safe inside the document; these
 * rules are about what libvirt and the host's file system accept, so a bad name fails here with a clear
 * message instead of at define time on the host.
 */

function invalid(what: string, value: string, why: string): XmlError {
  return new XmlError('invalid-value', `invalid ${what} ${JSON.stringify(value)}: ${why}`);
}

function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return findInvalidXmlChar(value) >= 0;
}

/** Longest domain or volume name the app writes (libvirt keeps `<name>.xml` and logs per name: file names cap at 255 bytes). */
export const MAX_NAME_LENGTH = 200;

function checkFileLikeName(what: string, name: string): string {
  if (typeof name !== 'string' || name === '') throw new XmlError('invalid-value', `invalid ${what}: it must not be empty`);
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_LENGTH) throw invalid(what, name.slice(0, 40), `longer than ${MAX_NAME_LENGTH} bytes`);
  if (hasControl(name)) throw invalid(what, name, 'control characters are not allowed');
  if (name.includes('/')) throw invalid(what, name, "'/' is not allowed (libvirt stores it as a file name)");
  if (name.trim() !== name) throw invalid(what, name, 'leading or trailing whitespace is not allowed');
  if (name === '.' || name === '..') throw invalid(what, name, 'not a usable file name');
  return name;
}

/**
 * A domain name libvirt's QEMU driver accepts: not empty, no `/` (its config and logs are named after it), no
 * newline or other control character, no leading or trailing space, at most `MAX_NAME_LENGTH` bytes.
 * Quotes, `<`, `&` and non-ASCII letters are fine: they are escaped by construction.
 */
export function checkDomainName(name: string): string {
  return checkFileLikeName('domain name', name);
}

/** A storage volume name: the same rules as a domain name (a volume in a directory pool is a file). */
export function checkVolumeName(name: string): string {
  return checkFileLikeName('volume name', name);
}

/** A snapshot name: the same rules (the QEMU driver keeps one file per snapshot). */
export function checkSnapshotName(name: string): string {
  return checkFileLikeName('snapshot name', name);
}

const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** A UUID in the 8-4-4-4-12 hexadecimal form; returned lower-cased. */
export function checkUuid(uuid: string): string {
  const ok =
    typeof uuid === 'string' &&
    uuid.length === 36 &&
    [...uuid].every((ch, i) => ([8, 13, 18, 23].includes(i) ? ch === '-' : isHex(ch.charCodeAt(0))));
  if (!ok) throw invalid('UUID', String(uuid), 'expected 8-4-4-4-12 hexadecimal digits');
  return uuid.toLowerCase();
}

/** A unicast MAC address `52:54:00:12:34:56`; returned lower-cased. */
export function checkMac(mac: string): string {
  const ok =
    typeof mac === 'string' &&
    mac.length === 17 &&
    [...mac].every((ch, i) => (i % 3 === 2 ? ch === ':' : isHex(ch.charCodeAt(0))));
  if (!ok) throw invalid('MAC address', String(mac), 'expected six hexadecimal pairs separated by colons');
  if ((Number.parseInt(mac.slice(0, 2), 16) & 1) === 1) throw invalid('MAC address', mac, 'a multicast address cannot be given to a NIC');
  return mac.toLowerCase();
}
