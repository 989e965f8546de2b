import { describe, expect, it } from 'vitest';
import { XmlError, flag, int, list, parseXml, size, stringCodec, text, xmlModel, yesNo, valueField, XmlObject, XmlScope, type XmlChildren } from '../../../main/xml';

class Item extends xmlModel({ name: text('@name'), value: text('.') }) {}

class Thing extends xmlModel({
  kind: text('@kind'),
  label: text('label'),
  deep: text('a/b/c@d'),
  count: int('count'),
  on: valueField('switch@on', yesNo),
  marked: flag('marker'),
  tags: list('tags/tag@v', stringCodec),
  mem: size('mem', { defaultUnit: 'KiB', writeUnit: 'KiB' }),
}) {
  get items(): XmlChildren<Item> {
    return this.children('items/item', Item);
  }

  get part(): Part {
    return this.child('part', Part);
  }
}

class Part extends xmlModel({ x: text('@x'), y: text('inner@y') }) {}

function thing(xml: string): Thing {
  const doc = parseXml(xml);
  return new Thing(XmlScope.of(doc, doc.root));
}

describe('models over the DOM', () => {
  it('reads declared fields and leaves the document untouched', () => {
    const xml = "<thing kind='k'>\n  <label>L</label>\n  <count>7</count>\n  <switch on='yes'/>\n  <marker/>\n  <tags><tag v='1'/><tag v='2'/></tags>\n  <mem unit='MiB'>2</mem>\n</thing>";
    const t = thing(xml);
    expect(t.values()).toEqual({ kind: 'k', label: 'L', deep: null, count: 7, on: true, marked: true, tags: ['1', '2'], mem: 2n * 1024n * 1024n });
    expect(t.toXml()).toBe(xml);
  });

  it('creates missing elements on write, indented like the document, and keeps unknown content', () => {
    const t = thing("<thing>\n  <unknown keep='me'><x/></unknown>\n</thing>");
    t.deep = 'v';
    t.label = 'a <b> & c';
    t.count = 3;
    expect(t.toXml()).toBe(
      "<thing>\n  <unknown keep='me'><x/></unknown>\n  <a>\n    <b>\n      <c d='v'/>\n    </b>\n  </a>\n  <label>a &lt;b&gt; &amp; c</label>\n  <count>3</count>\n</thing>",
    );
  });

  it('writes into compact documents without adding whitespace', () => {
    const t = thing('<thing><label>x</label></thing>');
    t.count = 1;
    expect(t.toXml()).toBe('<thing><label>x</label><count>1</count></thing>');
  });

  it('removes on null, and the elements that leaves empty, but never the object element', () => {
    const t = thing("<thing kind='k'>\n  <a>\n    <b>\n      <c d='v'/>\n    </b>\n  </a>\n  <label>x</label>\n</thing>");
    t.deep = null;
    t.label = null;
    t.kind = null;
    expect(t.toXml()).toBe('<thing>\n</thing>');
    t.label = null; // clearing what is absent changes nothing
    expect(t.toXml()).toBe('<thing>\n</thing>');
  });

  it('keeps an element a cleared attribute shared with others', () => {
    const t = thing("<thing><a><b><c d='v' e='w'/></b></a></thing>");
    t.deep = null;
    expect(t.toXml()).toBe("<thing><a><b><c e='w'/></b></a></thing>");
  });

  it('flags add and remove an element; lists replace their elements in order', () => {
    const t = thing('<thing>\n  <tags>\n    <tag v="1" other="x"/>\n  </tags>\n</thing>');
    t.marked = true;
    t.tags = ['a', 'b'];
    expect(t.marked).toBe(true);
    expect(t.tags).toEqual(['a', 'b']);
    t.marked = false;
    t.tags = [];
    expect(t.toXml()).toBe('<thing>\n</thing>');
  });

  it('reads unreadable values as null rather than failing', () => {
    const t = thing("<thing><count>12abc</count><switch on='maybe'/><mem unit='parsecs'>3</mem></thing>");
    expect([t.count, t.on, t.mem]).toEqual([null, null, null]);
  });

  it('refuses values it cannot write, with an XmlError, leaving the document as it was', () => {
    const t = thing('<thing/>');
    expect(() => (t.count = 1.5)).toThrow(XmlError);
    expect(() => (t.label = 'bell\u0007')).toThrow(/U\+0007/);
    expect(() => (t.mem = -1n)).toThrow(XmlError);
    expect(t.toXml()).toBe('<thing/>');
  });

  it('writes sizes in the unit asked for when exact, in bytes otherwise', () => {
    const t = thing('<thing/>');
    t.mem = 4096n;
    expect(t.toXml()).toBe("<thing>\n  <mem unit='KiB'>4</mem>\n</thing>");
    t.mem = 1000n;
    expect(t.toXml()).toBe("<thing>\n  <mem unit='bytes'>1000</mem>\n</thing>");
  });

  it('child lists read live, add after their kind, remove with their indentation', () => {
    const t = thing("<thing>\n  <items>\n    <item name='a'>1</item>\n    <other/>\n  </items>\n</thing>");
    expect(t.items.all().map((i) => i.values())).toEqual([{ name: 'a', value: '1' }]);
    const b = t.items.add();
    b.name = 'b';
    b.value = '2';
    expect(t.items.length).toBe(2);
    expect(t.toXml()).toBe("<thing>\n  <items>\n    <item name='a'>1</item>\n    <item name='b'>2</item>\n    <other/>\n  </items>\n</thing>");
    t.items.at(0)?.remove();
    expect(t.toXml()).toBe("<thing>\n  <items>\n    <item name='b'>2</item>\n    <other/>\n  </items>\n</thing>");
    t.items.clear();
    expect([...t.items]).toEqual([]);
  });

  it('a child object does not exist until written, and reading it creates nothing', () => {
    const t = thing('<thing/>');
    expect(t.part.exists).toBe(false);
    expect(t.part.values()).toEqual({ x: null, y: null });
    expect(t.part.toXml()).toBe('');
    expect(t.toXml()).toBe('<thing/>');
    t.part.y = 'deep';
    expect(t.part.exists).toBe(true);
    expect(t.toXml()).toBe("<thing>\n  <part>\n    <inner y='deep'/>\n  </part>\n</thing>");
    t.part.y = null; // the part was only there for y: it goes too
    expect(t.toXml()).toBe('<thing>\n</thing>');
  });

  it('refuses field names that would hide model methods', () => {
    expect(() => xmlModel({ toXml: text('x') })).toThrow(/hides a model method/);
    expect(() => xmlModel({ values: text('x') })).toThrow(/hides a model method/);
  });

  it('keeps the base class usable for hand-written models', () => {
    class Bare extends XmlObject {}
    const doc = parseXml('<r/>');
    expect(new Bare(XmlScope.of(doc, doc.root)).exists).toBe(true);
  });
});
