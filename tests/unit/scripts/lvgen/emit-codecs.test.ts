import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCHeaders } from '../../../../scripts/lvgen/c-header';
import { CodecEmitter } from '../../../../scripts/lvgen/emit-codecs';
import { GeneratorError, ProtocolModel } from '../../../../scripts/lvgen/model';
import { parseXdr } from '../../../../scripts/lvgen/xdr-parser';
import { XdrError, XdrReader, XdrWriter } from '../../../../main/libvirt/xdr';

const SOURCE = `
const NAME_MAX = 64;
typedef string t_name<NAME_MAX>;
typedef t_name *t_optional_name;
struct t_item {
    t_name name;
    unsigned hyper size;
};
struct t_record {
    t_name name;
    t_optional_name alias;
    opaque raw[3];
    opaque blob<>;
    char model[4];
    unsigned short count;
    t_item items<16>;
    t_item *first;
    int flags;
};
union t_value switch (int type) {
 case VIR_KIND_INT:
     int i;
 case 2:
 case 3:
     t_name s;
 case 4:
     void;
};
`;

const XDR_MODULE = resolve(__dirname, '../../../../main/libvirt/xdr/index.ts');
const dir = mkdtempSync(join(tmpdir(), 'lvgen-emit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function emitter(): CodecEmitter {
  const headers = readCHeaders([{ path: 'kinds.h', text: 'typedef enum { VIR_KIND_INT = 1 } virKind;' }]);
  return new CodecEmitter({ model: new ProtocolModel([parseXdr(SOURCE, 'test.x')], headers), typePrefix: 't_', typeOverrides: {}, arrayOverrides: {} });
}

/** Emit codecs for the given types, write them as a module and load it. */
async function load(name: string, need: readonly [string, 'encode' | 'decode'][]): Promise<Record<string, unknown>> {
  const codecs = emitter();
  for (const [type, dir] of need) codecs.require(type, dir);
  const text = `import { XdrError, type XdrReader, type XdrWriter } from ${JSON.stringify(XDR_MODULE)};\nvoid XdrError;\n\n${codecs.emitTypes()}\n`;
  const path = join(dir, `${name}.ts`);
  writeFileSync(path, text);
  return (await import(path)) as Record<string, unknown>;
}

type Decode = (r: XdrReader) => unknown;
type Encode = (w: XdrWriter, v: unknown) => void;

describe('codec emitter', () => {
  it('emits struct decoders for every shape, and encoders that round-trip', async () => {
    const mod = await load('record', [
      ['t_record', 'decode'],
      ['t_item', 'encode'],
    ]);
    const record = {
      name: 'vm',
      alias: null,
      raw: new Uint8Array([1, 2, 3]),
      blob: new Uint8Array([9, 8, 7, 6, 5]),
      model: 'x86',
      count: 2,
      items: [
        { name: 'a', size: 1n },
        { name: 'b', size: 2n ** 40n },
      ],
      first: { name: 'a', size: 1n },
      flags: -1,
    };
    // char[N] is receive-only (libvirt never takes one), so write it by hand.
    const w = new XdrWriter();
    w.string('vm').uint(0).fixedOpaque(record.raw, 3).opaque(record.blob);
    for (const c of 'x86\0') w.int(c.charCodeAt(0));
    w.uint(2).array(record.items, (x, item) => void x.string(item.name).uhyper(item.size));
    w.uint(1).string('a').uhyper(1n).int(-1);
    const decoded = (mod.decodeRecord as Decode)(new XdrReader(w.bytes()));
    expect(decoded).toEqual(record);
    const item = new XdrWriter();
    (mod.encodeItem as Encode)(item, { name: 'c', size: 3n });
    expect((mod.decodeItem as Decode)(new XdrReader(item.bytes()))).toEqual({ name: 'c', size: 3n });
  });

  it('emits union codecs tagged by the discriminant, with header constants as cases', async () => {
    const mod = await load('value', [
      ['t_value', 'encode'],
      ['t_value', 'decode'],
    ]);
    const encode = mod.encodeValue as Encode;
    const decode = mod.decodeValue as Decode;
    for (const value of [{ type: 1, i: -5 }, { type: 3, s: 'text' }, { type: 4 }]) {
      const w = new XdrWriter();
      encode(w, value);
      expect(decode(new XdrReader(w.bytes()))).toEqual(value);
    }
    const unknown = new XdrWriter().int(9);
    expect(() => decode(new XdrReader(unknown.bytes()))).toThrow(XdrError);
    expect(() => decode(new XdrReader(unknown.bytes()))).toThrow(/unknown type 9 in t_value/);
  });

  it('rejects an array count the payload cannot hold, using the element size', async () => {
    const mod = await load('items', [['t_record', 'decode']]);
    const w = new XdrWriter().string('vm').uint(0).fixedOpaque(new Uint8Array(3), 3).opaque(new Uint8Array(0));
    for (let i = 0; i < 4; i++) w.int(0);
    // Each t_item takes at least 12 bytes (empty name + hyper): 2 items need 24, only 20 follow.
    w.uint(7).uint(2).zeros(20);
    expect(() => (mod.decodeRecord as Decode)(new XdrReader(w.bytes()))).toThrow(/array count 2 cannot fit in 20 remaining bytes/);
  });

  it('emits only the directions asked for', () => {
    const codecs = emitter();
    codecs.require('t_item', 'decode');
    const text = codecs.emitTypes();
    expect(text).toContain('export function decodeItem(r: XdrReader): Item');
    expect(text).not.toContain('encodeItem');
  });

  it('refuses what it cannot generate', () => {
    const codecs = emitter();
    codecs.require('t_record', 'encode');
    expect(() => codecs.emitTypes()).toThrow(/encoding char\[4\] is not supported/);
    expect(() => emitter().require('t_missing', 'decode')).toThrow(GeneratorError);
  });
});
