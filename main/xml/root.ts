import { XmlDocument } from './document';
import { parseXml, type ParseXmlOptions } from './parse';
import { XmlScope } from './scope';

/** Options for a model's `parse`: the parser's limits (the root name is the model's). */
export type ModelParseOptions = Omit<ParseXmlOptions, 'rootName'>;

/** Parse `xml`, requiring root element `rootName`, and return the scope of that root. */
export function parseRoot(xml: string, rootName: string, options: ModelParseOptions = {}): XmlScope {
  const doc = parseXml(xml, { ...options, rootName });
  return XmlScope.of(doc, doc.root);
}

/** A new document with an empty root element `rootName`, as a scope. */
export function newRoot(rootName: string): XmlScope {
  const doc = XmlDocument.create(rootName);
  return XmlScope.of(doc, doc.root);
}
