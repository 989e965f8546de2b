import { DOMImplementation, type Document, type Element } from '@xmldom/xmldom';
import { XmlError } from './errors';
import type { ScannedElement } from './scan';
import { serializeNode } from './serialize';

/** A parsed (or new) XML document: the DOM, and how its elements were written so it serializes back the same. */
export class XmlDocument {
  constructor(
    /** The xmldom document. Models edit it through their fields; direct edits are fine too. */
    readonly dom: Document,
    private readonly written: WeakMap<Element, ScannedElement> = new WeakMap(),
    /** Whitespace after the root element in the source (kept so an untouched document prints identically). */
    readonly trailing: string = '',
  ) {}

  /** A new document holding only an empty root element `rootName` (no namespace). */
  static create(rootName: string): XmlDocument {
    return new XmlDocument(new DOMImplementation().createDocument(null, rootName));
  }

  /** The root element. */
  get root(): Element {
    const root = this.dom.documentElement;
    if (root === null) throw new XmlError('malformed', 'XML document has no root element');
    return root;
  }

  /** The whole document as XML text. */
  serialize(): string {
    return serializeNode(this.dom, (el) => this.written.get(el)) + this.trailing;
  }

  /** One element of this document and its contents as XML text (e.g. a device for attach/detach). */
  serializeElement(el: Element): string {
    return serializeNode(el, (e) => this.written.get(e));
  }
}
