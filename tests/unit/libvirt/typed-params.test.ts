import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeTypedParam,
  decodeTypedParamRecord,
  decodeTypedParams,
  encodeTypedParam,
  encodeTypedParams,
  typedParam,
  typedParamsToRecord,
  type TypedParam,
} from '../../../main/libvirt/typed-params';
import { XdrError, XdrReader } from '../../../main/libvirt/xdr';
import { hex, xdr } from './recording-channel';

const samples: TypedParam[] = [
  typedParam.int('state.state', 1),
  typedParam.uint('vcpu.current', 4_000_000_000),
  typedParam.llong('dirtyrate.calc_start_time', -5n),
  // Beyond 2^53: a JS number would silently lose the low digits.
  typedParam.ullong('cpu.time', 1_795_318_714_328_636_000n),
  typedParam.double('ratio', 0.25),
  typedParam.boolean('enabled', true),
  typedParam.string('dirtyrate.calc_mode', 'page-sampling'),
];

describe('typed parameters', () => {
  it('round-trips every type through its discriminant', () => {
    const bytes = xdr((w) => encodeTypedParams(w, samples));
    const r = new XdrReader(bytes);
    expect(decodeTypedParams(r)).toEqual(samples);
    r.assertEnd('params');
  });

  it('flattens to a field → value record, keeping bigint for (u)llong', () => {
    const record = decodeTypedParamRecord(new XdrReader(xdr((w) => encodeTypedParams(w, samples))));
    expect(record).toEqual(typedParamsToRecord(samples));
    expect(record['cpu.time']).toBe(1_795_318_714_328_636_000n);
    expect(record['vcpu.current']).toBe(4_000_000_000);
    expect(record['enabled']).toBe(true);
    // Null prototype: a field called "__proto__" or "constructor" is just data.
    const odd = decodeTypedParamRecord(new XdrReader(xdr((w) => encodeTypedParams(w, [typedParam.int('__proto__', 3)]))));
    expect(odd['__proto__']).toBe(3);
  });

  it('encodes byte for byte: name, int discriminant, arm', () => {
    expect(hex(xdr((w) => encodeTypedParam(w, typedParam.ullong('bandwidth', 100n))))).toBe(
      '00000009' + '62616e6477696474680000' + '00' + // "bandwidth" padded to 12
        '00000004' + // ULLONG
        '0000000000000064',
    );
    expect(hex(xdr((w) => encodeTypedParam(w, typedParam.boolean('x', false))))).toBe('00000001' + '78000000' + '00000006' + '00000000');
  });

  it('rejects an unknown discriminant instead of guessing the arm size', () => {
    const bytes = xdr((w) => {
      w.string('mystery');
      w.int(8);
      w.int(0);
    });
    expect(() => decodeTypedParam(new XdrReader(bytes))).toThrow(/unknown typed parameter type 8 for field "mystery"/);
    const list = xdr((w) => {
      w.uint(1);
      w.raw(bytes);
    });
    expect(() => decodeTypedParamRecord(new XdrReader(list))).toThrow(XdrError);
  });

  it('rejects a boolean that is neither 0 nor 1', () => {
    const bytes = xdr((w) => {
      w.string('b');
      w.int(6);
      w.int(2);
    });
    expect(() => decodeTypedParam(new XdrReader(bytes))).toThrow(/bad boolean 2/);
  });

  it('rejects a count that cannot fit in the payload before allocating', () => {
    const bytes = xdr((w) => w.uint(0xffffffff));
    expect(() => decodeTypedParamRecord(new XdrReader(bytes))).toThrow(/cannot fit/);
    expect(() => decodeTypedParams(new XdrReader(bytes))).toThrow(/cannot fit/);
  });

  it('validates what it encodes: field length and value ranges', () => {
    expect(() => xdr((w) => encodeTypedParam(w, typedParam.int('', 1)))).toThrow(/empty/);
    expect(() => xdr((w) => encodeTypedParam(w, typedParam.int('x'.repeat(80), 1)))).toThrow(/80 bytes; libvirt allows 79/);
    expect(() => xdr((w) => encodeTypedParam(w, typedParam.uint('u', -1)))).toThrow(XdrError);
    expect(() => xdr((w) => encodeTypedParam(w, typedParam.ullong('u', -1n)))).toThrow(/ullong out of range/);
    expect(() => xdr((w) => encodeTypedParam(w, typedParam.ullong('u', 2n ** 64n)))).toThrow(/ullong out of range/);
    expect(() => xdr((w) => encodeTypedParam(w, typedParam.llong('l', 2n ** 63n)))).toThrow(/llong out of range/);
    const bogus = { field: 'f', type: 'quad', value: 1 } as unknown as TypedParam;
    expect(() => xdr((w) => encodeTypedParam(w, bogus))).toThrow(/unknown typed parameter type quad for field "f"/);
  });

  it('round-trips arbitrary parameters', () => {
    const field = fc.string({ minLength: 1, maxLength: 20 });
    const arb: fc.Arbitrary<TypedParam> = fc.oneof(
      fc.tuple(field, fc.integer({ min: -0x80000000, max: 0x7fffffff })).map(([f, v]) => typedParam.int(f, v)),
      fc.tuple(field, fc.integer({ min: 0, max: 0xffffffff })).map(([f, v]) => typedParam.uint(f, v)),
      fc.tuple(field, fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })).map(([f, v]) => typedParam.llong(f, v)),
      fc.tuple(field, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })).map(([f, v]) => typedParam.ullong(f, v)),
      fc.tuple(field, fc.double({ noNaN: true })).map(([f, v]) => typedParam.double(f, v)),
      fc.tuple(field, fc.boolean()).map(([f, v]) => typedParam.boolean(f, v)),
      fc.tuple(field, fc.string()).map(([f, v]) => typedParam.string(f, v)),
    );
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 10 }), (params) => {
        const r = new XdrReader(xdr((w) => encodeTypedParams(w, params)));
        expect(decodeTypedParams(r)).toEqual(params);
        expect(r.remaining).toBe(0);
      }),
    );
  });
});
