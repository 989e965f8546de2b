import { XmlError } from './errors';
import type { XmlLimits } from './limits';

/**
 * The pre-scan: one linear pass over the source, before the DOM parser runs, that enforces the limits, refuses
 * DOCTYPE and ENTITY declarations and notes how each start tag was written. Every step moves forward with
 * `indexOf` from the current position, so the pass costs time proportional to the length whatever the input.
 * It only needs to be as strict as the limits require: anything it lets through, xmldom (with every error
 * fatal) still checks for well-formedness.
 */

/** How one start tag was written, in document order, so the serializer can write it back the same way. */
export interface ScannedElement {
  /** The quote its attributes used (the first attribute's), or null without attributes. */
  readonly quote: "'" | '"' | null;
  /** `<a/>` (true) or `<a>` (false, even when `</a>` follows at once). */
  readonly selfClosing: boolean;
}

const isSpace = (code: number): boolean => code === 0x20 || code === 0x9 || code === 0xa || code === 0xd;

/** A short, printable excerpt of `source` at `at`, for messages about hostile input. */
function excerpt(source: string, at: number): string {
  const raw = source.slice(at, at + 24);
  let shown = '';
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    shown += code < 0x20 || code === 0x7f ? '?' : raw[i];
  }
  return JSON.stringify(shown);
}

function malformed(source: string, at: number, problem: string): XmlError {
  return new XmlError('malformed', `malformed XML: ${problem} at offset ${at} (${excerpt(source, at)})`);
}

/** Case-insensitive `source.startsWith(word, at)` for ASCII words. */
function startsWithUpper(source: string, word: string, at: number): boolean {
  return source.slice(at, at + word.length).toUpperCase() === word;
}

/** Scan `source`, enforcing `limits`; returns how each start tag was written, in document order. */
export function scanXml(source: string, limits: XmlLimits): ScannedElement[] {
  if (source.length > limits.maxLength) {
    throw new XmlError('too-large', `XML document of ${source.length} characters is larger than the limit of ${limits.maxLength}`);
  }
  const elements: ScannedElement[] = [];
  const n = source.length;
  let nodes = 0;
  let depth = 0;
  const countNode = (): void => {
    nodes += 1;
    if (nodes > limits.maxNodes) throw new XmlError('too-many-nodes', `XML document has more than ${limits.maxNodes} nodes`);
  };

  /** The end (exclusive) of the `<!…`, `<?…` or `</…` construct at `lt`. */
  const skipTo = (lt: number, from: number, terminator: string, what: string): number => {
    const end = source.indexOf(terminator, from);
    if (end < 0) throw malformed(source, lt, `unterminated ${what}`);
    return end + terminator.length;
  };

  /** Scan the start tag at `lt`; returns the offset after it. */
  const startTag = (lt: number): number => {
    let p = lt + 1;
    while (p < n) {
      const code = source.charCodeAt(p);
      if (isSpace(code) || code === 0x2f /* / */ || code === 0x3e /* > */) break;
      if (code === 0x3c /* < */) throw malformed(source, lt, "'<' inside a tag name");
      p += 1;
    }
    if (p === lt + 1) throw malformed(source, lt, "'<' that starts no tag");
    let attributes = 0;
    let quote: "'" | '"' | null = null;
    for (;;) {
      while (p < n && isSpace(source.charCodeAt(p))) p += 1;
      if (p >= n) throw malformed(source, lt, 'unterminated start tag');
      const code = source.charCodeAt(p);
      if (code === 0x3e /* > */) {
        elements.push({ quote, selfClosing: false });
        depth += 1;
        if (depth > limits.maxDepth) throw new XmlError('too-deep', `XML elements nest deeper than the limit of ${limits.maxDepth}`);
        return p + 1;
      }
      if (code === 0x2f /* / */) {
        if (source.charCodeAt(p + 1) !== 0x3e) throw malformed(source, p, "'/' inside a start tag");
        elements.push({ quote, selfClosing: true });
        return p + 2;
      }
      // An attribute: name, '=', a quoted value.
      const nameStart = p;
      while (p < n) {
        const c = source.charCodeAt(p);
        if (isSpace(c) || c === 0x3d /* = */ || c === 0x3e || c === 0x2f || c === 0x3c || c === 0x22 || c === 0x27) break;
        p += 1;
      }
      if (p === nameStart) throw malformed(source, p, 'unexpected character in a start tag');
      while (p < n && isSpace(source.charCodeAt(p))) p += 1;
      if (source.charCodeAt(p) !== 0x3d) throw malformed(source, nameStart, 'attribute without a value');
      p += 1;
      while (p < n && isSpace(source.charCodeAt(p))) p += 1;
      const q = source[p];
      if (q !== '"' && q !== "'") throw malformed(source, nameStart, 'attribute value without quotes');
      const close = source.indexOf(q, p + 1);
      if (close < 0) throw malformed(source, nameStart, 'unterminated attribute value');
      p = close + 1;
      quote ??= q;
      attributes += 1;
      if (attributes > limits.maxAttributes) {
        throw new XmlError('too-many-attributes', `an XML element has more than ${limits.maxAttributes} attributes`);
      }
    }
  };

  let i = 0;
  while (i < n) {
    const lt = source.indexOf('<', i);
    if (lt < 0) {
      countNode();
      break;
    }
    if (lt > i) countNode();
    const next = source.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */) {
      if (source.startsWith('<!--', lt)) i = skipTo(lt, lt + 4, '-->', 'comment');
      else if (source.startsWith('<![CDATA[', lt)) i = skipTo(lt, lt + 9, ']]>', 'CDATA section');
      else if (startsWithUpper(source, '<!DOCTYPE', lt) || startsWithUpper(source, '<!ENTITY', lt)) {
        throw new XmlError('doctype', `XML with a DOCTYPE or ENTITY declaration is refused (offset ${lt}): entity definitions can expand without bound or reach outside the document`);
      } else throw malformed(source, lt, "'<!' that starts no comment or CDATA section");
      countNode();
    } else if (next === 0x3f /* ? */) {
      i = skipTo(lt, lt + 2, '?>', 'processing instruction');
      countNode();
    } else if (next === 0x2f /* / */) {
      i = skipTo(lt, lt + 2, '>', 'end tag');
      depth -= 1;
      if (depth < 0) throw malformed(source, lt, 'end tag without a start tag');
    } else {
      countNode();
      i = startTag(lt);
    }
  }
  if (depth > 0) throw malformed(source, n, `${depth} element(s) not closed at the end of the document`);
  return elements;
}
