import type { Element, Node } from '@xmldom/xmldom';
import { assertXmlChars, escapeAttribute, escapeText, type EscapeStyle } from './chars';
import { XmlError } from './errors';
import { NodeType } from './dom';
import type { ScannedElement } from './scan';

/**
 * The serializer: our own rather than xmldom's so that a document libvirt printed comes back byte for byte
 * (attribute quotes and `<a></a>` versus `<a/>` as they were written, libvirt's or libxml2's escaping) and so
 * that nothing unrepresentable leaves the app: every value is checked against XML's character set on the way
 * out. Iterative, like everything that walks a tree here.
 */

/** How an element was written in the source, if it came from one. */
export type WrittenAs = (el: Element) => ScannedElement | undefined;

/** Escaping that matches the writer of this part of the document: libxml2 for namespaced (foreign metadata) elements. */
const styleOf = (el: Element | null): EscapeStyle => (el !== null && el.namespaceURI ? 'libxml2' : 'libvirt');

function parentElement(node: Node): Element | null {
  const parent = node.parentNode;
  return parent !== null && parent.nodeType === NodeType.ELEMENT ? (parent as Element) : null;
}

function openTag(el: Element, written: ScannedElement | undefined): string {
  const style = styleOf(el);
  const quote = written?.quote ?? (style === 'libxml2' ? '"' : "'");
  let tag = `<${el.tagName}`;
  const attrs = el.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const attr = attrs.item(i);
    if (attr === null) continue;
    assertXmlChars(attr.value, `attribute ${attr.name} of <${el.tagName}>`);
    tag += ` ${attr.name}=${quote}${escapeAttribute(attr.value, quote)}${quote}`;
  }
  return tag;
}

/** Serialize `start` (a document or an element) and everything inside it. */
export function serializeNode(start: Node, writtenAs: WrittenAs): string {
  const out: string[] = [];
  const stack: { node: Node; close: boolean }[] = [{ node: start, close: false }];
  const pushChildren = (node: Node): void => {
    for (let child = node.lastChild; child !== null; child = child.previousSibling) stack.push({ node: child, close: false });
  };
  while (stack.length > 0) {
    const { node, close } = stack.pop() as { node: Node; close: boolean };
    switch (node.nodeType) {
      case NodeType.DOCUMENT:
        pushChildren(node);
        break;
      case NodeType.ELEMENT: {
        const el = node as Element;
        if (close) {
          out.push(`</${el.tagName}>`);
          break;
        }
        const written = writtenAs(el);
        const tag = openTag(el, written);
        if (el.firstChild === null) out.push(written !== undefined && !written.selfClosing ? `${tag}></${el.tagName}>` : `${tag}/>`);
        else {
          out.push(`${tag}>`);
          stack.push({ node: el, close: true });
          pushChildren(el);
        }
        break;
      }
      case NodeType.TEXT: {
        const text = assertXmlChars(node.nodeValue ?? '', 'text');
        out.push(escapeText(text, styleOf(parentElement(node))));
        break;
      }
      case NodeType.CDATA:
        out.push(`<![CDATA[${assertXmlChars(node.nodeValue ?? '', 'CDATA').split(']]>').join(']]]]><![CDATA[>')}]]>`);
        break;
      case NodeType.COMMENT:
        out.push(`<!--${assertXmlChars(node.nodeValue ?? '', 'comment')}-->`);
        break;
      case NodeType.PROCESSING_INSTRUCTION: {
        const data = assertXmlChars(node.nodeValue ?? '', 'processing instruction');
        out.push(`<?${node.nodeName}${data === '' ? '' : ` ${data}`}?>`);
        break;
      }
      default:
        throw new XmlError('malformed', `cannot serialize a node of type ${node.nodeType}`);
    }
  }
  return out.join('');
}
