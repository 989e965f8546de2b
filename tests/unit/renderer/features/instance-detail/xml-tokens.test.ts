import { describe, expect, it } from 'vitest';
import { tokenizeXml, type XmlToken } from '../../../../../renderer/features/instance-detail/xml-tokens';

const DOMAIN = `<?xml version="1.0"?>
<!-- made by libvirt -->
<domain type='kvm' id="7">
  <name>web &amp; db</name>
  <devices><disk type='file' device='disk'/></devices>
  <description><![CDATA[<b>not a tag</b>]]></description>
</domain>
`;

const kinds = (tokens: XmlToken[], kind: XmlToken['kind']) => tokens.filter((t) => t.kind === kind).map((t) => t.text);

describe('tokenizeXml', () => {
  it('gives back the input when the tokens are joined, whatever the input', () => {
    for (const text of [DOMAIN, '', 'plain', '<', '<a', "<a b='c", '<!-- open', '<<>>', 'a < b > c', '<a =x "y">', '</>', '<a/><b></b>']) {
      expect(tokenizeXml(text).map((t) => t.text).join('')).toBe(text);
    }
  });

  it('names tags, attributes, values, comments, declarations and entities', () => {
    const tokens = tokenizeXml(DOMAIN);
    expect(kinds(tokens, 'tag')).toEqual(['domain', 'name', 'name', 'devices', 'disk', 'devices', 'description', 'description', 'domain']);
    expect(kinds(tokens, 'attr')).toEqual(['type', 'id', 'type', 'device']);
    expect(kinds(tokens, 'value')).toEqual(["'kvm'", '"7"', "'file'", "'disk'"]);
    expect(kinds(tokens, 'comment')).toEqual(['<!-- made by libvirt -->']);
    expect(kinds(tokens, 'decl')).toEqual(['<?xml version="1.0"?>']);
    expect(kinds(tokens, 'entity')).toEqual(['&amp;']);
    // CDATA is text: the markup inside it is not taken for tags.
    expect(tokens.some((t) => t.kind === 'text' && t.text.includes('<![CDATA[<b>not a tag</b>]]>'))).toBe(true);
    expect(kinds(tokens, 'punct')).toContain('/>');
  });

  it('keeps a lone < as text and never loops on what it cannot place', () => {
    expect(tokenizeXml('a < b')).toEqual([{ kind: 'text', text: 'a < b' }]);
    expect(tokenizeXml('<a ~>').map((t) => t.kind)).toEqual(['punct', 'tag', 'text', 'punct']);
  });
});
