import { XmlError } from './errors';

/**
 * Characters: what XML 1.0 can carry (its `Char` production) and escaping for the serializer. Loops over char
 * codes rather than regular expressions: this runs over every value of every document.
 */

/** Whether the UTF-16 code unit at `i` starts a character XML 1.0 allows; returns the units it spans (0 = invalid). */
function charSpan(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0x20 && c < 0xd800) return 1;
  if (c === 0x9 || c === 0xa || c === 0xd) return 1;
  if (c >= 0xe000 && c <= 0xfffd) return 1;
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return next >= 0xdc00 && next <= 0xdfff ? 2 : 0;
  }
  return 0;
}

/** Index of the first character XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE, U+FFFF), or -1. */
export function findInvalidXmlChar(text: string): number {
  for (let i = 0; i < text.length; ) {
    const span = charSpan(text, i);
    if (span === 0) return i;
    i += span;
  }
  return -1;
}

/** `U+0007` for the code unit at `index`. */
function codePointLabel(text: string, index: number): string {
  return `U+${text.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Refuse text that XML cannot carry, naming what it was (`what`) and the offending character. */
export function assertXmlChars(text: string, what: string): string {
  const bad = findInvalidXmlChar(text);
  if (bad >= 0) throw new XmlError('invalid-character', `${what} contains ${codePointLabel(text, bad)} at position ${bad}, which XML cannot carry`);
  return text;
}

/**
 * How text and attribute values are escaped. Two styles, matching the two serializers whose output the app
 * reads back, so unchanged documents round-trip byte for byte: libvirt's own (`virBufferEscapeString`: both
 * quotes escaped in text too, attributes in single quotes) and libxml2's (`xmlNodeDump`, which libvirt uses
 * for foreign `<metadata>` elements: quotes left alone in text, attributes in double quotes).
 */
export type EscapeStyle = 'libvirt' | 'libxml2';

const ENTITY: Readonly<Record<string, string>> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&apos;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Replace each character of `text` found in `special` by its reference; returns `text` itself when none occurs. */
function escapeChars(text: string, special: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (special.includes(ch)) {
      out += text.slice(from, i) + (ENTITY[ch] as string);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Escape character data. A carriage return is always written as a reference: a raw one would be turned into a
 * line feed by the next parser.
 */
export function escapeText(text: string, style: EscapeStyle): string {
  return escapeChars(text, style === 'libvirt' ? '<>&\'"\r' : '<>&\r');
}

/**
 * Escape an attribute value for the quote it is written in: single quotes are libvirt's, which escapes both
 * quote characters; double quotes are libxml2's, which escapes only `"`. Tab, line feed and carriage return
 * become references because a parser normalizes raw ones to spaces.
 */
export function escapeAttribute(value: string, quote: "'" | '"'): string {
  return escapeChars(value, quote === "'" ? '<>&\'"\t\n\r' : '<>&"\t\n\r');
}
