import type { Document, Element, Node } from '@xmldom/xmldom';
import { NAMESPACE } from '@xmldom/xmldom';
import { assertXmlChars } from './chars';

/**
 * Small helpers over xmldom elements that the models use: children by (namespace, local name), text of a leaf,
 * creating a child with namespace declaration and indentation, removing a node with its indentation. All loops,
 * no recursion; nothing here parses or prints XML.
 */

/** DOM node types used here (`Node.ELEMENT_NODE` etc.). */
export const NodeType = {
  ELEMENT: 1,
  TEXT: 3,
  CDATA: 4,
  PROCESSING_INSTRUCTION: 7,
  COMMENT: 8,
  DOCUMENT: 9,
  DOCUMENT_TYPE: 10,
} as const;

/** An element name as paths use it: a local name in a namespace (null: no namespace), with the prefix to create it with. */
export interface ElementName {
  readonly namespace: string | null;
  readonly local: string;
  /** Prefix for newly created elements when the namespace is not yet bound in scope. */
  readonly prefix: string | null;
}

/** The document `el` belongs to (xmldom types it as nullable; an element always has one). */
function documentOf(el: Element): Document {
  const doc = el.ownerDocument;
  if (doc === null) throw new Error('element without a document');
  return doc;
}

/** Whether a node is an element. */
export function isElement(node: Node | null | undefined): node is Element {
  return node !== null && node !== undefined && node.nodeType === NodeType.ELEMENT;
}

/** Whether `el` has the given local name and namespace. */
export function hasName(el: Element, name: ElementName): boolean {
  return el.localName === name.local && (el.namespaceURI ?? null) === name.namespace;
}

/** The element children of `el`, in order. */
export function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let child = el.firstChild; child !== null; child = child.nextSibling) if (isElement(child)) out.push(child);
  return out;
}

/** The first child of `el` with `name`, or null. */
export function findChild(el: Element, name: ElementName): Element | null {
  for (let child = el.firstChild; child !== null; child = child.nextSibling) if (isElement(child) && hasName(child, name)) return child;
  return null;
}

/** Every child of `el` with `name`, in order. */
export function findChildren(el: Element, name: ElementName): Element[] {
  const out: Element[] = [];
  for (let child = el.firstChild; child !== null; child = child.nextSibling) if (isElement(child) && hasName(child, name)) out.push(child);
  return out;
}

const isTextLike = (node: Node): boolean => node.nodeType === NodeType.TEXT || node.nodeType === NodeType.CDATA;

/** The character data directly inside `el` (text and CDATA children joined; child elements' text is not included). */
export function textOf(el: Element): string {
  let text = '';
  for (let child = el.firstChild; child !== null; child = child.nextSibling) if (isTextLike(child)) text += child.nodeValue ?? '';
  return text;
}

/** Replace everything inside `el` by one text node. */
export function setTextOf(el: Element, text: string): void {
  assertXmlChars(text, `the text of <${el.tagName}>`);
  while (el.firstChild !== null) el.removeChild(el.firstChild);
  if (text !== '') el.appendChild(documentOf(el).createTextNode(text));
}

/** Set an attribute (no namespace) after checking its characters. */
export function setAttributeOf(el: Element, name: string, value: string): void {
  assertXmlChars(value, `attribute ${name} of <${el.tagName}>`);
  el.setAttribute(name, value);
}

/** Whether a node is a text node holding only whitespace. */
function isBlank(node: Node | null): boolean {
  if (node === null || node.nodeType !== NodeType.TEXT) return false;
  const text = node.nodeValue ?? '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) return false;
  }
  return true;
}

/** The indentation of the line `el` starts on (the whitespace after the last newline before it), or null if none. */
function indentBefore(el: Element): string | null {
  const before = el.previousSibling;
  if (!isBlank(before)) return null;
  const text = before?.nodeValue ?? '';
  const nl = text.lastIndexOf('\n');
  return nl < 0 ? null : text.slice(nl + 1);
}

/** Whether the document is laid out one element per line (then new elements are indented to match). */
function isIndented(parent: Element): boolean {
  const lastElement = elementChildren(parent).at(-1);
  if (lastElement !== undefined) return indentBefore(lastElement) !== null;
  if (parent.parentNode !== null && isElement(parent.parentNode)) return indentBefore(parent) !== null;
  return true; // the root element of an empty or new document
}

/** The prefix bound to `namespace` on `el` or an ancestor, or null. */
function boundPrefix(el: Element, namespace: string): string | null {
  for (let node: Node | null = el; isElement(node); node = node.parentNode) {
    const attrs = node.attributes;
    for (let i = 0; i < attrs.length; i++) {
      const attr = attrs.item(i);
      if (attr !== null && attr.prefix === 'xmlns' && attr.value === namespace) return attr.localName;
    }
  }
  return null;
}

/**
 * Create a child element `name` in `parent`. It goes after the last child with the same name (so repeated
 * elements such as devices of one kind stay together) or at the end, indented like its siblings. A namespaced
 * element reuses a prefix already bound to its namespace, or declares its own.
 */
export function createChild(parent: Element, name: ElementName): Element {
  const doc = documentOf(parent);
  let el: Element;
  if (name.namespace === null) el = doc.createElementNS(null, name.local);
  else {
    const bound = boundPrefix(parent, name.namespace);
    const prefix = bound ?? name.prefix;
    el = doc.createElementNS(name.namespace, prefix === null ? name.local : `${prefix}:${name.local}`);
    if (bound === null && prefix !== null) el.setAttributeNS(NAMESPACE.XMLNS, `xmlns:${prefix}`, name.namespace);
  }
  insertChild(parent, el, findChildren(parent, name).at(-1) ?? null);
  return el;
}

/** Insert `el` into `parent` after `after` (or at the end), indented like the rest of the document. */
function insertChild(parent: Element, el: Element, after: Element | null): void {
  const doc = documentOf(parent);
  if (!isIndented(parent)) {
    parent.insertBefore(el, after === null ? null : after.nextSibling);
    return;
  }
  const parentIndent = parent.parentNode !== null && isElement(parent.parentNode) ? (indentBefore(parent) ?? '') : '';
  const childIndent = `${parentIndent}  `;
  const children = elementChildren(parent);
  if (children.length === 0) {
    // Empty, or only whitespace inside: lay it out afresh.
    let hasText = false;
    for (let child = parent.firstChild; child !== null; child = child.nextSibling) if (!isBlank(child)) hasText = true;
    if (hasText) {
      parent.appendChild(el);
      return;
    }
    while (parent.firstChild !== null) parent.removeChild(parent.firstChild);
    parent.appendChild(doc.createTextNode(`\n${childIndent}`));
    parent.appendChild(el);
    parent.appendChild(doc.createTextNode(`\n${parentIndent}`));
    return;
  }
  const anchor = after ?? (children.at(-1) as Element);
  const indent = indentBefore(anchor) ?? childIndent;
  const next = anchor.nextSibling;
  parent.insertBefore(doc.createTextNode(`\n${indent}`), next);
  parent.insertBefore(el, next);
}

/** Remove `node` from its parent together with the indentation in front of it. */
export function removeNode(node: Element): void {
  const parent = node.parentNode;
  if (parent === null) return;
  const before = node.previousSibling;
  if (isBlank(before) && before !== null) parent.removeChild(before);
  parent.removeChild(node);
}

/** Whether `el` carries nothing: no attributes, no child elements, no text other than whitespace. */
export function isEmptyElement(el: Element): boolean {
  if (el.attributes.length > 0) return false;
  for (let child = el.firstChild; child !== null; child = child.nextSibling) if (!isBlank(child)) return false;
  return true;
}
