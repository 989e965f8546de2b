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
 * Defaults sized from what libvirt sends and from what a hostile document can cost at the limit. libvirt
 * documents run at about 20 characters per node and nest about 8 deep with under 10 attributes per element;
 * the largest are the capabilities of a host with many emulators installed (a guest per architecture, each
 * listing its machine types): a few hundred KiB, tens of thousands of nodes. 1 MiB and 50 000 nodes leave room
 * for that while bounding the worst document we know how to build (50 000 elements, or 1 MiB of elements with
 * 64 attributes each) to about 200 ms of CPU in xmldom. libvirt's own cap on a string over RPC is 4 MiB; at that
 * size the worst case would freeze the main thread for 0.6 s. `npm run bench -- xml` measures every shape.
 */
export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxLength: 1024 * 1024,
  maxDepth: 64,
  maxAttributes: 64,
  maxNodes: 50_000,
};
