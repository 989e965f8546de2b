/**
 * What a document may cost before the parser refuses it. Every limit is checked by a linear pre-scan before
 * the DOM parser (and anything that walks the tree) sees the document, so hostile input costs time
 * proportional to its length and never recursion deeper than `maxDepth`.
 */
export interface XmlLimits {
  /** Characters (UTF-16 code units) in the document. */
  readonly maxLength: number;
  /** Elements nested inside one another. */
  readonly maxDepth: number;
  /** Attributes on one element (namespace declarations included). */
  readonly maxAttributes: number;
  /** Elements, text runs, comments, CDATA sections and processing instructions, all together. */
  readonly maxNodes: number;
}

/**
 * Defaults sized from what libvirt sends. `maxLength` is libvirt's own cap on a string over RPC
 * (`REMOTE_STRING_MAX`, 4 MiB), so any document a daemon can send fits. The largest real documents
 * (capabilities of a many-core host, domain capabilities) have a few thousand nodes, nest about 8 deep and
 * carry under 10 attributes per element, so the other limits leave ample room while bounding the DOM a
 * hostile 4 MiB document can make (xmldom: ~1 KiB of heap and ~3 µs per node).
 */
export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxLength: 4 * 1024 * 1024,
  maxDepth: 64,
  maxAttributes: 64,
  maxNodes: 50_000,
};
