import { describe, expect, it } from 'vitest';
import { VIRTDECK_INSTANCE_NS, parseXml } from '../../../main/xml';
import { createChild, findChild, removeNode, textOf } from '../../../main/xml/dom';

const ours = { namespace: VIRTDECK_INSTANCE_NS, local: 'x', prefix: 'virtdeck' };

describe('DOM helpers', () => {
  it('declares a namespace once, reusing a prefix already bound in scope', () => {
    const doc = parseXml(`<a><m xmlns:vd="${VIRTDECK_INSTANCE_NS}"/></a>`);
    const m = findChild(doc.root, { namespace: null, local: 'm', prefix: null })!;
    createChild(createChild(m, ours), ours);
    createChild(doc.root, ours);
    expect(doc.serialize()).toBe(`<a><m xmlns:vd="${VIRTDECK_INSTANCE_NS}"><vd:x><vd:x/></vd:x></m><virtdeck:x xmlns:virtdeck="${VIRTDECK_INSTANCE_NS}"/></a>`);
  });

  it('indents new children like their siblings, and after the last of their kind', () => {
    const doc = parseXml('<a>\n  <b>\n    <c/>\n    <d/>\n  </b>\n</a>');
    const b = findChild(doc.root, { namespace: null, local: 'b', prefix: null })!;
    createChild(b, { namespace: null, local: 'c', prefix: null });
    createChild(createChild(doc.root, { namespace: null, local: 'e', prefix: null }), { namespace: null, local: 'f', prefix: null });
    expect(doc.serialize()).toBe('<a>\n  <b>\n    <c/>\n    <c/>\n    <d/>\n  </b>\n  <e>\n    <f/>\n  </e>\n</a>');
  });

  it('removes a node with its indentation', () => {
    const doc = parseXml('<a>\n  <b/>\n  <c/>\n</a>');
    removeNode(findChild(doc.root, { namespace: null, local: 'b', prefix: null })!);
    expect(doc.serialize()).toBe('<a>\n  <c/>\n</a>');
  });

  it('reads text and CDATA of an element, not of its children', () => {
    const doc = parseXml('<a>x<![CDATA[<y>]]><b>no</b>z</a>');
    expect(textOf(doc.root)).toBe('x<y>z');
  });
});
