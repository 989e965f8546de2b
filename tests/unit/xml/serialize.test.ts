import { describe, expect, it } from 'vitest';
import { XmlDocument, XmlError, parseXml } from '../../../main/xml';
import { golden, goldenNames } from './golden';

describe('serializer', () => {
  it.each(goldenNames())('prints golden %s back byte for byte', (name) => {
    const source = golden(name);
    expect(parseXml(source).serialize()).toBe(source);
  });

  it('writes elements as they were written: quotes, <a></a> versus <a/>', () => {
    for (const source of ["<a x='1'><b y=\"2\"></b><c/></a>", '<a>\n  <doi></doi>\n</a>', `<a x="it's"/>`, `<a x='say &quot;hi&quot;'/>`]) {
      expect(parseXml(source).serialize()).toBe(source);
    }
  });

  it("escapes like libvirt outside namespaces and like libxml2 inside them (libvirt's two writers)", () => {
    const doc = XmlDocument.create('domain');
    doc.root.setAttribute('a', `<'&">\t\n`);
    doc.root.appendChild(doc.dom.createTextNode(`<'&">\r`));
    const meta = doc.dom.createElementNS('urn:x', 'x:m');
    meta.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:x', 'urn:x');
    meta.setAttribute('a', `<'&">`);
    meta.appendChild(doc.dom.createTextNode(`<'&">`));
    doc.root.appendChild(meta);
    const xml = doc.serialize();
    expect(xml).toBe(
      `<domain a='&lt;&apos;&amp;&quot;&gt;&#9;&#10;'>&lt;&apos;&amp;&quot;&gt;&#13;` +
        `<x:m xmlns:x="urn:x" a="&lt;'&amp;&quot;&gt;">&lt;'&amp;"&gt;</x:m></domain>`,
    );
    // What was written reads back as the same values.
    const back = parseXml(xml);
    expect(back.root.getAttribute('a')).toBe(`<'&">\t\n`);
    expect(back.root.firstChild?.nodeValue).toBe(`<'&">\r`);
  });

  it('splits "]]>" inside CDATA so the section cannot end early', () => {
    const doc = parseXml('<a><![CDATA[x]]></a>');
    doc.root.firstChild!.nodeValue = 'a]]>b';
    const xml = doc.serialize();
    expect(xml).toBe('<a><![CDATA[a]]]]><![CDATA[>b]]></a>');
    expect(parseXml(xml).root.textContent).toBe('a]]>b');
  });

  it('refuses to print a character XML cannot carry, whoever put it in the DOM', () => {
    const doc = parseXml('<a/>');
    doc.root.appendChild(doc.dom.createTextNode('bell\u0007'));
    expect(() => doc.serialize()).toThrow(XmlError);
    doc.root.removeChild(doc.root.firstChild!);
    doc.root.setAttribute('x', '\u0000');
    expect(() => doc.serialize()).toThrow(/U\+0000/);
  });

  it('serializes one element on its own', () => {
    const doc = parseXml("<a>\n  <b x='1'>\n    <c/>\n  </b>\n</a>");
    expect(doc.serializeElement(doc.root.getElementsByTagName('b')[0]!)).toBe("<b x='1'>\n    <c/>\n  </b>");
  });

  it('does not recurse: a document at the depth limit prints', () => {
    const source = `${'<a>'.repeat(64)}${'</a>'.repeat(64)}`;
    expect(parseXml(source).serialize()).toBe(source.split('<a></a>').join('<a></a>'));
  });
});
