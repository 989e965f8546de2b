import { describe, expect, it } from 'vitest';
import { assertXmlChars, escapeAttribute, escapeText, findInvalidXmlChar } from '../../../main/xml/chars';
import { XmlError } from '../../../main/xml';

describe('XML characters', () => {
  it('finds characters outside XML 1.0 Char', () => {
    expect(findInvalidXmlChar('plain\t\n\r text é \u{1F600} \uFFFD')).toBe(-1);
    expect(findInvalidXmlChar('a\u0000')).toBe(1);
    expect(findInvalidXmlChar('\u001f')).toBe(0);
    expect(findInvalidXmlChar('x\uD800')).toBe(1);
    expect(findInvalidXmlChar('\uDC00x')).toBe(0);
    expect(findInvalidXmlChar('\uFFFF')).toBe(0);
  });

  it('names the offending character and what held it', () => {
    expect(() => assertXmlChars('ab\u0008', 'the title')).toThrow(new XmlError('invalid-character', 'the title contains U+0008 at position 2, which XML cannot carry'));
  });

  it('escapes text and attributes for both writers', () => {
    expect(escapeText(`a<b>&'"\r\n`, 'libvirt')).toBe('a&lt;b&gt;&amp;&apos;&quot;&#13;\n');
    expect(escapeText(`a<b>&'"`, 'libxml2')).toBe(`a&lt;b&gt;&amp;'"`);
    expect(escapeAttribute(`'"\t<`, "'")).toBe('&apos;&quot;&#9;&lt;');
    expect(escapeAttribute(`'"\n>`, '"')).toBe(`'&quot;&#10;&gt;`);
    const same = 'nothing to escape';
    expect(escapeText(same, 'libvirt')).toBe(same);
  });
});
