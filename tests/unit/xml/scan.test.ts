import { describe, expect, it } from 'vitest';
import { DEFAULT_XML_LIMITS, XmlError } from '../../../main/xml';
import { scanXml } from '../../../main/xml/scan';

const scan = (source: string) => scanXml(source, DEFAULT_XML_LIMITS);

describe('pre-scan', () => {
  it('notes how each start tag was written, in document order', () => {
    expect(scan(`<a x='1'><b y="2" z='3'></b><c/><!-- <d/> --><![CDATA[<e/>]]><?p <f/>?><g q="a>b"/></a>`)).toEqual([
      { quote: "'", selfClosing: false },
      { quote: '"', selfClosing: false },
      { quote: null, selfClosing: true },
      { quote: '"', selfClosing: true },
    ]);
  });

  it('stops at the first problem with its offset and a printable excerpt', () => {
    expect(() => scan('<a>\u0000<<</a>')).toThrow(new XmlError('malformed', `malformed XML: '<' inside a tag name at offset 4 ("<<</a>")`));
    expect(() => scan('<a b=c/>')).toThrow(/attribute value without quotes at offset 3/);
    expect(() => scan('<a b/>')).toThrow(/attribute without a value/);
    expect(() => scan('<a/ >')).toThrow(/'\/' inside a start tag/);
    expect(() => scan('</a>')).toThrow(/end tag without a start tag/);
    expect(() => scan('<a><b>')).toThrow(/2 element\(s\) not closed/);
    expect(() => scan('<a\u0001')).toThrow(/unterminated start tag at offset 0 \("<a\?"\)/);
  });

  it('counts text, comments, CDATA and instructions as nodes', () => {
    const limits = { ...DEFAULT_XML_LIMITS, maxNodes: 4 };
    expect(() => scanXml('<a>t<!--c--><?p?></a>', limits)).not.toThrow();
    expect(() => scanXml('<a>t<!--c--><?p?><![CDATA[x]]></a>', limits)).toThrow(expect.objectContaining({ reason: 'too-many-nodes' }));
  });
});
