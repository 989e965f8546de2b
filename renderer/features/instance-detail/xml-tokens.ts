// A small XML tokenizer for showing the domain XML highlighted: the text is cut into typed pieces that are rendered
// as text nodes (never as markup), so whatever the XML holds is shown, never interpreted. It does not validate:
// anything it cannot place is plain text, and the pieces always join back into the input.

/** What a piece of XML is, for its colour. */
export type XmlTokenKind = 'punct' | 'tag' | 'attr' | 'value' | 'text' | 'comment' | 'decl' | 'entity';

/** A piece of the XML text. */
export interface XmlToken {
  readonly kind: XmlTokenKind;
  readonly text: string;
}

const NAME = /[A-Za-z_:][-\w.:]*/y;
const SPACE = /\s+/y;
const ENTITY = /&(?:#\d+|#x[\da-fA-F]+|[A-Za-z]\w*);/g;

/** Cut XML text into tokens; `tokens.map(t => t.text).join('')` is the input again. */
export function tokenizeXml(xml: string): XmlToken[] {
  const out: XmlToken[] = [];
  const push = (kind: XmlTokenKind, text: string) => {
    if (text === '') return;
    const last = out.at(-1);
    // Neighbouring text joins up, so a long text run is one node.
    if (last !== undefined && last.kind === kind && kind === 'text') out[out.length - 1] = { kind, text: last.text + text };
    else out.push({ kind, text });
  };
  const pushText = (text: string) => {
    let at = 0;
    for (const match of text.matchAll(ENTITY)) {
      push('text', text.slice(at, match.index));
      push('entity', match[0]);
      at = match.index + match[0].length;
    }
    push('text', text.slice(at));
  };
  let i = 0;
  while (i < xml.length) {
    const open = xml.indexOf('<', i);
    if (open === -1) {
      pushText(xml.slice(i));
      break;
    }
    pushText(xml.slice(i, open));
    i = open;
    const special = specialEnd(xml, i);
    if (special !== null) {
      push(special.kind, xml.slice(i, special.end));
      i = special.end;
      continue;
    }
    i = tag(xml, i, push);
  }
  return out;
}

/** Comments, CDATA, processing instructions and declarations run to their own end (or to the end of the text). */
function specialEnd(xml: string, at: number): { kind: XmlTokenKind; end: number } | null {
  const forms: readonly [string, string, XmlTokenKind][] = [
    ['<!--', '-->', 'comment'],
    ['<![CDATA[', ']]>', 'text'],
    ['<?', '?>', 'decl'],
    ['<!', '>', 'decl'],
  ];
  for (const [start, end, kind] of forms) {
    if (!xml.startsWith(start, at)) continue;
    const close = xml.indexOf(end, at + start.length);
    return { kind, end: close === -1 ? xml.length : close + end.length };
  }
  return null;
}

/** A start or end tag from `<` at `at`: its name, attributes and values; returns where it ends. */
function tag(xml: string, at: number, push: (kind: XmlTokenKind, text: string) => void): number {
  let i = at + 1;
  const closing = xml[i] === '/';
  if (closing) i++;
  NAME.lastIndex = i;
  const name = NAME.exec(xml);
  if (name === null) {
    // A lone `<` (not well-formed): shown as text.
    push('text', xml.slice(at, i));
    return i;
  }
  push('punct', xml.slice(at, i));
  push('tag', name[0]);
  i += name[0].length;
  while (i < xml.length) {
    SPACE.lastIndex = i;
    const space = SPACE.exec(xml);
    if (space !== null) {
      push('text', space[0]);
      i += space[0].length;
      continue;
    }
    if (xml.startsWith('/>', i)) {
      push('punct', '/>');
      return i + 2;
    }
    if (xml[i] === '>') {
      push('punct', '>');
      return i + 1;
    }
    NAME.lastIndex = i;
    const attr = NAME.exec(xml);
    if (attr !== null) {
      push('attr', attr[0]);
      i += attr[0].length;
      continue;
    }
    if (xml[i] === '=') {
      push('punct', '=');
      i++;
      continue;
    }
    const quote = xml[i];
    if (quote === '"' || quote === "'") {
      const close = xml.indexOf(quote, i + 1);
      const end = close === -1 ? xml.length : close + 1;
      push('value', xml.slice(i, end));
      i = end;
      continue;
    }
    // Anything else inside a tag: one character of text, so the scan always moves on.
    push('text', xml.charAt(i));
    i++;
  }
  return i;
}
