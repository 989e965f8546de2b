import type { Element } from '@xmldom/xmldom';
import { createChild, findChild, findChildren, isElement, isEmptyElement, removeNode, type ElementName } from './dom';
import { PATH_NAMESPACES } from './namespaces';

/**
 * Field paths, the small language the models declare their fields in (virt-manager's xpaths, cut down to what
 * libvirt XML needs): element steps separated by `/`, an optional `@attribute` at the end, `.` for the
 * element itself. `os/type@arch`, `devices/disk`, `memory`, `@type`, `virtdeck:flavor@name`.
 */
export interface XmlPath {
  /** The path as written, for messages. */
  readonly source: string;
  readonly steps: readonly ElementName[];
  /** The attribute at the end of the path, or null when the path names an element (its text). */
  readonly attribute: string | null;
}

const cache = new Map<string, XmlPath>();

function isNameChar(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '-' || c === '.';
}

function checkName(name: string, path: string): string {
  if (name === '' || [...name].some((c) => !isNameChar(c))) throw new Error(`bad XML path ${JSON.stringify(path)}: ${JSON.stringify(name)} is not a name`);
  return name;
}

function step(text: string, path: string): ElementName {
  const colon = text.indexOf(':');
  if (colon < 0) return { namespace: null, local: checkName(text, path), prefix: null };
  const prefix = text.slice(0, colon);
  const namespace = PATH_NAMESPACES[prefix];
  if (namespace === undefined) throw new Error(`bad XML path ${JSON.stringify(path)}: unknown prefix ${JSON.stringify(prefix)}`);
  return { namespace, local: checkName(text.slice(colon + 1), path), prefix };
}

/** Parse a path (once per distinct path; programming errors throw a plain Error at declaration time). */
export function xmlPath(source: string): XmlPath {
  const cached = cache.get(source);
  if (cached !== undefined) return cached;
  const at = source.indexOf('@');
  const elementPart = at < 0 ? source : source.slice(0, at);
  const attribute = at < 0 ? null : checkName(source.slice(at + 1), source);
  const steps = elementPart === '' || elementPart === '.' ? [] : elementPart.split('/').map((s) => step(s, source));
  const path = { source, steps, attribute };
  cache.set(source, path);
  return path;
}

/** The element `steps` lead to from `anchor` (first match at each step), or null. */
export function findPath(anchor: Element | null, steps: readonly ElementName[]): Element | null {
  let el = anchor;
  for (const name of steps) {
    if (el === null) return null;
    el = findChild(el, name);
  }
  return el;
}

/** Every element the full path matches: the first match for each step but the last, all matches for the last. */
export function findAllPath(anchor: Element | null, steps: readonly ElementName[]): Element[] {
  const last = steps.at(-1);
  if (last === undefined) return anchor === null ? [] : [anchor];
  const parent = findPath(anchor, steps.slice(0, -1));
  return parent === null ? [] : findChildren(parent, last);
}

/** The element `steps` lead to from `anchor`, creating what is missing. */
export function ensurePath(anchor: Element, steps: readonly ElementName[]): Element {
  let el = anchor;
  for (const name of steps) el = findChild(el, name) ?? createChild(el, name);
  return el;
}

/** Remove `el` and then each ancestor left empty, stopping at (and keeping) `anchor`. */
export function pruneUpTo(el: Element, anchor: Element): void {
  let node: Element | null = el;
  while (node !== null && node !== anchor && isEmptyElement(node)) {
    const parent: Element | null = isElement(node.parentNode) ? node.parentNode : null;
    removeNode(node);
    node = parent;
  }
}
