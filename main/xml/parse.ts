import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { assertXmlChars } from './chars';
import { NodeType } from './dom';
import { XmlDocument } from './document';
import { XmlError } from './errors';
import { DEFAULT_XML_LIMITS, type XmlLimits } from './limits';
import { scanXml, type ScannedElement } from './scan';

/** Options for `parseXml`. */
export interface ParseXmlOptions {
  /** Limits to use instead of the defaults (each one optional). */
  readonly limits?: Partial<XmlLimits>;
  /** Local name the root element must have (no namespace), e.g. `domain`. */
  readonly rootName?: string;
}

/** Longest parser message passed on: xmldom quotes input, which may be hostile and long. */
const MAX_MESSAGE = 200;

function clip(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE)}…`;
}

/**
 * XML 1.0 line-end normalization only (CR LF and lone CR to LF). xmldom's default follows XML 1.1 and would
 * also turn U+0085, U+2028 and U+2029 inside text into line feeds, changing values that round-trip otherwise.
 */
function normalizeLineEndings(source: string): string {
  return source.includes('\r') ? source.split('\r\n').join('\n').split('\r').join('\n') : source;
}

/** The whitespace at the end of `source` after its last `>`. */
function trailingWhitespace(source: string): string {
  let i = source.length;
  while (i > 0) {
    const c = source.charCodeAt(i - 1);
    if (c !== 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) break;
    i -= 1;
  }
  return normalizeLineEndings(source.slice(i));
}

/**
 * Check every character xmldom let through (it decodes references such as `&#1;` without checking them), refuse
 * document types, and pair each element with how its start tag was written. One iterative pre-order walk.
 */
function inspect(dom: Document, scanned: readonly ScannedElement[]): WeakMap<Element, ScannedElement> {
  const elements: Element[] = [];
  const stack: Node[] = [dom];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    switch (node.nodeType) {
      case NodeType.ELEMENT: {
        const el = node as Element;
        elements.push(el);
        const attrs = el.attributes;
        for (let i = 0; i < attrs.length; i++) {
          const attr = attrs.item(i);
          if (attr !== null) assertXmlChars(attr.value, `attribute ${attr.name} of <${el.tagName}>`);
        }
        break;
      }
      case NodeType.TEXT:
      case NodeType.CDATA:
      case NodeType.COMMENT:
      case NodeType.PROCESSING_INSTRUCTION:
        assertXmlChars(node.nodeValue ?? '', `XML ${node.nodeName}`);
        break;
      case NodeType.DOCUMENT_TYPE:
        throw new XmlError('doctype', 'XML with a DOCTYPE declaration is refused');
      default:
        break;
    }
    for (let child = node.lastChild; child !== null; child = child.previousSibling) stack.push(child);
  }
  const written = new WeakMap<Element, ScannedElement>();
  // Both lists are in document order; should they ever disagree, the styles are dropped (defaults are used).
  if (elements.length === scanned.length) elements.forEach((el, i) => written.set(el, scanned[i] as ScannedElement));
  return written;
}

/**
 * Parse XML safely: limits checked by a linear pre-scan first (size, depth, attributes per element, nodes),
 * DOCTYPE and entity declarations refused, every parser warning or error fatal, every character checked.
 * Throws `XmlError` and nothing else for any input string.
 */
export function parseXml(source: string, options: ParseXmlOptions = {}): XmlDocument {
  if (typeof source !== 'string') throw new XmlError('malformed', `XML must be a string, not ${typeof source}`);
  const limits: XmlLimits = { ...DEFAULT_XML_LIMITS, ...options.limits };
  const scanned = scanXml(source, limits);
  let problem: string | null = null;
  const parser = new DOMParser({
    locator: false,
    normalizeLineEndings,
    onError: (level, message) => {
      // U+FFFD is a legitimate character; xmldom only suspects an encoding slip.
      if (level === 'warning' && message.startsWith('Unicode replacement character')) return;
      problem ??= message;
      throw new Error(message);
    },
  });
  let dom: Document;
  try {
    dom = parser.parseFromString(source, 'application/xml');
  } catch (error) {
    const detail = problem ?? (error instanceof Error ? error.message : String(error));
    throw new XmlError('malformed', `malformed XML: ${clip(detail)}`, { cause: error });
  }
  const written = inspect(dom, scanned);
  const doc = new XmlDocument(dom, written, trailingWhitespace(source));
  if (options.rootName !== undefined) {
    const root = doc.root;
    if (root.localName !== options.rootName || root.namespaceURI) {
      throw new XmlError('unexpected-root', `expected a <${options.rootName}> document, found <${clip(root.tagName)}>`);
    }
  }
  return doc;
}
