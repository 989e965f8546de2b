import { describe, expect, it } from 'vitest';
import { VIRTDECK_INSTANCE_NS } from '../../../main/xml';
import { xmlPath } from '../../../main/xml/path';

describe('field paths', () => {
  it('parses element steps, an attribute and namespace prefixes', () => {
    expect(xmlPath('os/type@arch')).toMatchObject({ attribute: 'arch', steps: [{ local: 'os', namespace: null }, { local: 'type', namespace: null }] });
    expect(xmlPath('@type')).toMatchObject({ attribute: 'type', steps: [] });
    expect(xmlPath('.')).toMatchObject({ attribute: null, steps: [] });
    expect(xmlPath('metadata/virtdeck:instance').steps[1]).toEqual({ local: 'instance', namespace: VIRTDECK_INSTANCE_NS, prefix: 'virtdeck' });
  });

  it('refuses mistakes at declaration time', () => {
    expect(() => xmlPath('nova:instance')).toThrow(/unknown prefix/);
    expect(() => xmlPath('a//b')).toThrow(/not a name/);
    expect(() => xmlPath('a@')).toThrow(/not a name/);
    expect(() => xmlPath("a[@x='1']")).toThrow(/not a name/);
  });
});
