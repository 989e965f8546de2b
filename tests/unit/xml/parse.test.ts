import { describe, expect, it } from 'vitest';
import { DEFAULT_XML_LIMITS, XmlError, isXmlError, parseXml, type XmlErrorReason } from '../../../main/xml';

function refusal(source: string, options?: Parameters<typeof parseXml>[1]): XmlError {
  try {
    parseXml(source, options);
  } catch (error) {
    if (error instanceof XmlError) return error;
    throw new Error(`expected an XmlError, got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected ${JSON.stringify(source.slice(0, 60))} to be refused`);
}

const reason = (source: string, options?: Parameters<typeof parseXml>[1]): XmlErrorReason => refusal(source, options).reason;

describe('parseXml', () => {
  it('parses a document and keeps it printable as it was', () => {
    const source = "<?xml version='1.0'?>\n<a x='1'><b>t &amp; &lt;u&gt;</b><!-- c --><![CDATA[<raw>]]></a>\n";
    const doc = parseXml(source);
    expect(doc.root.tagName).toBe('a');
    expect(doc.serialize()).toBe(source);
  });

  it('refuses documents over each limit, naming the limit', () => {
    expect(reason('<a/>', { limits: { maxLength: 3 } })).toBe('too-large');
    expect(reason(`${'<a>'.repeat(65)}${'</a>'.repeat(65)}`)).toBe('too-deep');
    expect(() => parseXml(`${'<a>'.repeat(64)}${'</a>'.repeat(64)}`)).not.toThrow();
    const attrs = (n: number) => `<a ${Array.from({ length: n }, (_, i) => `a${i}='${i}'`).join(' ')}/>`;
    expect(reason(attrs(65))).toBe('too-many-attributes');
    expect(() => parseXml(attrs(64))).not.toThrow();
    expect(reason(`<a>${'<b/>'.repeat(DEFAULT_XML_LIMITS.maxNodes)}</a>`)).toBe('too-many-nodes');
    expect(refusal('<a/>', { limits: { maxLength: 3 } }).message).toContain('larger than the limit of 3');
  });

  it('refuses DOCTYPE and entity declarations: billion laughs, external entities, parameter entities', () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>`;
    expect(reason(laughs)).toBe('doctype');
    expect(reason('<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><domain><name>&xxe;</name></domain>')).toBe('doctype');
    expect(reason('<!DOCTYPE d SYSTEM "http://example.invalid/d.dtd"><d/>')).toBe('doctype');
    expect(reason('<!doctype d><d/>')).toBe('doctype');
    expect(reason('<!DOCTYPE d [<!ENTITY % p SYSTEM "x"> %p;]><d/>')).toBe('doctype');
    expect(reason('<d><!ENTITY x "y"></d>')).toBe('doctype');
    expect(refusal(laughs).message).toContain('DOCTYPE');
  });

  it('refuses references to undefined entities instead of leaving them as text', () => {
    expect(reason('<a>&lol;</a>')).toBe('malformed');
    expect(reason('<a b="&nope;"/>')).toBe('malformed');
  });

  it('refuses malformed documents with the parser reason, never recovering silently', () => {
    for (const bad of [
      '',
      'just text',
      '<a>',
      '<a></b>',
      '<a><b></a></b>',
      '<a b=c/>',
      '<a b="1" b="2"/>',
      '<a b="1/>',
      '<a/><b/>',
      '<a/>trailing',
      '<1a/>',
      '<a>&amp</a>',
      '<a><!-- x</a>',
      '<a><![CDATA[x</a>',
      '<a><?pi x</a>',
      '<a></a',
      '</a>',
      '<a<b/>',
      '<a x:y="1"/>',
      '<!-->',
      '<a b="<"/>',
    ]) {
      expect(reason(bad), bad).toBe('malformed');
    }
  });

  it('refuses characters XML cannot carry, raw or as references, and names them', () => {
    expect(reason('<a>\u0001</a>')).toBe('invalid-character');
    expect(reason('<a>&#1;</a>')).toBe('invalid-character');
    expect(reason('<a b="&#x0;"/>')).toBe('invalid-character');
    expect(reason('<a>&#xD800;</a>')).toBe('invalid-character');
    expect(reason('<a>&#x110000;</a>')).toBe('invalid-character');
    expect(reason('<a>\uFFFE</a>')).toBe('invalid-character');
    expect(refusal('<a>x\u0007</a>').message).toContain('U+0007');
  });

  it('keeps legitimate characters: U+FFFD, U+2028, astral planes, CR LF normalized to LF', () => {
    const doc = parseXml('<a b="\u2028">\uFFFD \u2028 \u{1F600}\r\nx</a>');
    expect(doc.root.getAttribute('b')).toBe('\u2028');
    expect(doc.root.textContent).toBe('\uFFFD \u2028 \u{1F600}\nx');
  });

  it('checks the root element name when asked', () => {
    expect(reason('<network/>', { rootName: 'domain' })).toBe('unexpected-root');
    expect(refusal('<network/>', { rootName: 'domain' }).message).toBe('expected a <domain> document, found <network>');
    expect(reason('<x:domain xmlns:x="urn:x"/>', { rootName: 'domain' })).toBe('unexpected-root');
    expect(parseXml('<domain/>', { rootName: 'domain' }).root.tagName).toBe('domain');
  });

  it('refuses anything that is not a string with an XmlError', () => {
    expect(isXmlError((() => { try { parseXml(42 as unknown as string); } catch (e) { return e; } })(), 'malformed')).toBe(true);
  });

  it('keeps messages about hostile input short', () => {
    const message = refusal(`<a>${'<b>'.repeat(30)}${'x'.repeat(100_000)}`).message;
    expect(message.length).toBeLessThan(300);
  });
});
