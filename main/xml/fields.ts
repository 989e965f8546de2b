import type { Element } from '@xmldom/xmldom';
import { assertXmlChars } from './chars';
import { createChild, isElement, removeNode, setAttributeOf, setTextOf, textOf } from './dom';
import { XmlError } from './errors';
import { ensurePath, findAllPath, findPath, pruneUpTo, xmlPath, type XmlPath } from './path';
import type { XmlScope } from './scope';
import { parseUnsigned, sizeToBytes, unitBytes } from './units';

/**
 * Field declarations (virt-manager's `XMLProperty`): each field reads and writes one value at a path relative
 * to the object's element. Reading never changes the document; writing creates missing elements; writing null
 * removes the attribute or element and then any element the removal left empty (up to the object's own).
 */

/** One declared field: how to read its value from an element and write it back through a scope. */
export interface XmlField<T> {
  readonly path: XmlPath;
  read(anchor: Element | null): T;
  // Method syntax (bivariant) so fields of different types fit one record.
  write(scope: XmlScope, value: T): void;
}

/** Text ↔ value for one field type. `decode` returns null for text it cannot read (a foreign document's odd value). */
export interface Codec<T> {
  decode(raw: string): T | null;
  /** Text to write; throws `XmlError('invalid-value')` for a value that must not be written. */
  encode(value: T, what: string): string;
}

/** Strings as they are (characters are checked when written). */
export const stringCodec: Codec<string> = {
  decode: (raw) => raw,
  encode: (value, what) => {
    if (typeof value !== 'string') throw new XmlError('invalid-value', `${what} must be a string`);
    return value;
  },
};

/** A string checked by `check` when written (names, UUIDs, MACs). */
export function checkedString(check: (value: string) => string): Codec<string> {
  return { decode: (raw) => raw, encode: (value) => check(value) };
}

/** Decimal integers (negative allowed: libvirt writes `port='-1'`), within JavaScript's safe range. */
export const intCodec: Codec<number> = {
  decode: (raw) => {
    const t = raw.trim();
    const negative = t.startsWith('-');
    const digits = parseUnsigned(negative ? t.slice(1) : t);
    if (digits === null) return null;
    const n = Number(negative ? -digits : digits);
    return Number.isSafeInteger(n) ? n : null;
  },
  encode: (value, what) => {
    if (!Number.isSafeInteger(value)) throw new XmlError('invalid-value', `${what} must be a whole number, not ${value}`);
    return String(value);
  },
};

/** Booleans written as a pair of words: `yes`/`no` (most of libvirt) or `on`/`off` (log append, some features). */
export function booleanCodec(yes: string, no: string): Codec<boolean> {
  return {
    decode: (raw) => (raw === yes ? true : raw === no ? false : null),
    encode: (value) => (value ? yes : no),
  };
}

/** `yes` / `no`. */
export const yesNo = booleanCodec('yes', 'no');
/** `on` / `off`. */
export const onOff = booleanCodec('on', 'off');

function rawOf(el: Element | null, path: XmlPath): string | null {
  if (el === null) return null;
  if (path.attribute === null) return textOf(el);
  return el.hasAttribute(path.attribute) ? el.getAttribute(path.attribute) : null;
}

function writeRaw(el: Element, path: XmlPath, raw: string): void {
  if (path.attribute === null) setTextOf(el, raw);
  else setAttributeOf(el, path.attribute, raw);
}

/** Remove what `path` names below the scope's element, then whatever that left empty (up to the scope's boundary). */
function clear(scope: XmlScope, path: XmlPath): void {
  const anchor = scope.find();
  const el = findPath(anchor, path.steps);
  const boundary = scope.boundary();
  if (el === null || boundary === null) return;
  if (path.attribute !== null) {
    el.removeAttribute(path.attribute);
    pruneUpTo(el, boundary);
  } else if (el !== anchor) {
    const parent = el.parentNode as Element;
    removeNode(el);
    pruneUpTo(parent, boundary);
  } else setTextOf(el, '');
}

/** A value at `path` (attribute, or element text) through `codec`; null when absent or unreadable. */
export function valueField<T>(path: string, codec: Codec<T>): XmlField<T | null> {
  const p = xmlPath(path);
  return {
    path: p,
    read: (anchor) => {
      const raw = rawOf(findPath(anchor, p.steps), p);
      return raw === null ? null : codec.decode(raw);
    },
    write: (scope, value) => {
      if (value === null || value === undefined) {
        clear(scope, p);
        return;
      }
      // Checked before anything is created, so a refused value leaves the document as it was.
      const raw = assertXmlChars(codec.encode(value, p.source), p.source);
      writeRaw(ensurePath(scope.ensure(), p.steps), p, raw);
    },
  };
}

/** A string at `path`. */
export const text = (path: string): XmlField<string | null> => valueField(path, stringCodec);
/** A whole number at `path`. */
export const int = (path: string): XmlField<number | null> => valueField(path, intCodec);

/** Whether an element exists (`<readonly/>`, `<acpi/>`); writing false removes it. */
export function flag(path: string): XmlField<boolean> {
  const p = xmlPath(path);
  if (p.attribute !== null || p.steps.length === 0) throw new Error(`flag path ${path} must name an element`);
  return {
    path: p,
    read: (anchor) => findPath(anchor, p.steps) !== null,
    write: (scope, value) => {
      if (value) ensurePath(scope.ensure(), p.steps);
      else clear(scope, p);
    },
  };
}

/**
 * Every value at a repeated path (`boot@dev` → `['hd', 'cdrom']`). Writing replaces all those elements by
 * one per value, in order.
 */
export function list<T>(path: string, codec: Codec<T>): XmlField<T[]> {
  const p = xmlPath(path);
  const last = p.steps.at(-1);
  if (last === undefined) throw new Error(`list path ${path} must name an element`);
  return {
    path: p,
    read: (anchor) => {
      const out: T[] = [];
      for (const el of findAllPath(anchor, p.steps)) {
        const raw = rawOf(el, p);
        const value = raw === null ? null : codec.decode(raw);
        if (value !== null) out.push(value);
      }
      return out;
    },
    write: (scope, values) => {
      const raws = values.map((v) => assertXmlChars(codec.encode(v, p.source), p.source));
      const existing = findAllPath(scope.find(), p.steps);
      const oldParent = existing[0]?.parentNode;
      for (const el of existing) removeNode(el);
      if (raws.length === 0) {
        const boundary = scope.boundary();
        if (isElement(oldParent) && boundary !== null) pruneUpTo(oldParent, boundary);
        return;
      }
      const parent = ensurePath(scope.ensure(), p.steps.slice(0, -1));
      for (const raw of raws) writeRaw(createChild(parent, last), p, raw);
    },
  };
}

/** Options of a size field. */
export interface SizeOptions {
  /** Unit libvirt assumes when the element has no `unit` attribute (memory: KiB; storage: bytes). */
  readonly defaultUnit: string;
  /** Unit to write (exact: a value not a multiple of it is written in bytes). */
  readonly writeUnit: string;
}

/** A size in bytes: the element's text scaled by its `unit` attribute. */
export function size(path: string, options: SizeOptions): XmlField<bigint | null> {
  const p = xmlPath(path);
  if (p.attribute !== null) throw new Error(`size path ${path} must name an element`);
  const writeScale = unitBytes(options.writeUnit);
  if (writeScale === null) throw new Error(`unknown unit ${options.writeUnit}`);
  return {
    path: p,
    read: (anchor) => {
      const el = findPath(anchor, p.steps);
      if (el === null) return null;
      return sizeToBytes(textOf(el), el.hasAttribute('unit') ? el.getAttribute('unit') : null, options.defaultUnit);
    },
    write: (scope, bytes) => {
      if (bytes === null || bytes === undefined) {
        clear(scope, p);
        return;
      }
      if (typeof bytes !== 'bigint' || bytes < 0n) throw new XmlError('invalid-value', `${p.source} must be a non-negative number of bytes`);
      const el = ensurePath(scope.ensure(), p.steps);
      const exact = bytes % writeScale === 0n;
      setAttributeOf(el, 'unit', exact ? options.writeUnit : 'bytes');
      setTextOf(el, String(exact ? bytes / writeScale : bytes));
    },
  };
}
