import { describe, expect, it } from 'vitest';
import { parseAnnotations, parseXdr, XdrSyntaxError } from '../../../../scripts/lvgen/xdr-parser';

const SOURCE = `
/* A header comment. */
%#include "internal.h"
const SMALL_MAX = 16;
const PROGRAM = 0x20008086;
typedef string name_t<SMALL_MAX>;
typedef name_t *optional_name;
typedef opaque uuid_t[16];
enum kind { KIND_A = 0, KIND_B = -1 };
struct record {
    name_t name;
    uuid_t uuid;
    unsigned id;
    unsigned hyper big;
    unsigned char small;
    char model[32];
    int counts<>;
    record *next;
    struct other fixed[2];
};
union value switch (int type) {
 case 1:
 case 2:
     int i;
 case KIND_B:
     void;
 default:
     hyper h;
};
enum procedure {
    /**
     * @generate: both
     * @readstream: 1
     * @acl: domain:read
     * @acl: domain:write
     */
    PROC_ONE = 1,
    /* plain comments carry no annotations */
    PROC_TWO = 2
};
`;

describe('XDR parser', () => {
  const file = parseXdr(SOURCE, 'test.x');
  const byName = new Map(file.definitions.map((d) => [d.name, d]));

  it('reads constants in decimal and hex, skipping % pass-through lines and comments', () => {
    expect(byName.get('SMALL_MAX')).toEqual({ kind: 'const', name: 'SMALL_MAX', value: { kind: 'number', value: 16n } });
    expect(byName.get('PROGRAM')).toMatchObject({ value: { kind: 'number', value: 0x20008086n } });
  });

  it('reads typedefs with strings, optionals and fixed opaque', () => {
    expect(byName.get('name_t')).toMatchObject({ declaration: { type: { kind: 'string' }, shape: { kind: 'variable', max: { kind: 'name', name: 'SMALL_MAX' } } } });
    expect(byName.get('optional_name')).toMatchObject({ declaration: { type: { kind: 'named', name: 'name_t' }, shape: { kind: 'optional' } } });
    expect(byName.get('uuid_t')).toMatchObject({ declaration: { type: { kind: 'opaque' }, shape: { kind: 'fixed', size: { kind: 'number', value: 16n } } } });
  });

  it('reads struct fields with every shape and the unsigned forms', () => {
    const record = byName.get('record');
    if (record?.kind !== 'struct') throw new Error('record is not a struct');
    expect(record.fields.map((f) => [f.name, f.type, f.shape.kind])).toEqual([
      ['name', { kind: 'named', name: 'name_t' }, 'single'],
      ['uuid', { kind: 'named', name: 'uuid_t' }, 'single'],
      ['id', { kind: 'scalar', scalar: 'uint' }, 'single'],
      ['big', { kind: 'scalar', scalar: 'uhyper' }, 'single'],
      ['small', { kind: 'scalar', scalar: 'uchar' }, 'single'],
      ['model', { kind: 'scalar', scalar: 'char' }, 'fixed'],
      ['counts', { kind: 'scalar', scalar: 'int' }, 'variable'],
      ['next', { kind: 'named', name: 'record' }, 'optional'],
      ['fixed', { kind: 'named', name: 'other' }, 'fixed'],
    ]);
    expect(record.fields[6]?.shape).toEqual({ kind: 'variable', max: null });
  });

  it('reads unions with shared cases, void arms and a default', () => {
    const value = byName.get('value');
    if (value?.kind !== 'union') throw new Error('value is not a union');
    expect(value.discriminant).toMatchObject({ name: 'type', type: { kind: 'scalar', scalar: 'int' } });
    expect(value.arms).toEqual([
      { cases: [{ kind: 'number', value: 1n }, { kind: 'number', value: 2n }], declaration: { name: 'i', type: { kind: 'scalar', scalar: 'int' }, shape: { kind: 'single' } } },
      { cases: [{ kind: 'name', name: 'KIND_B' }], declaration: null },
    ]);
    expect(value.defaultArm).toMatchObject({ name: 'h', type: { kind: 'scalar', scalar: 'hyper' } });
  });

  it('attaches doc-comment annotations to enum members', () => {
    const procedure = byName.get('procedure');
    if (procedure?.kind !== 'enum') throw new Error('procedure is not an enum');
    const [one, two] = procedure.members;
    expect(one?.annotations.get('generate')).toEqual(['both']);
    expect(one?.annotations.get('readstream')).toEqual(['1']);
    expect(one?.annotations.get('acl')).toEqual(['domain:read', 'domain:write']);
    expect(two?.annotations.size).toBe(0);
    expect(byName.get('kind')).toMatchObject({ members: [{ name: 'KIND_A' }, { name: 'KIND_B', value: { kind: 'number', value: -1n } }] });
  });

  it('reads annotations on their own', () => {
    expect(parseAnnotations('/**\n * @priority: high\n */')).toEqual(new Map([['priority', ['high']]]));
    expect(parseAnnotations(null).size).toBe(0);
  });

  it('names the file and line of a syntax error', () => {
    expect(() => parseXdr('const A = 1;\nstruct s {\n  int a\n};', 'bad.x')).toThrow(XdrSyntaxError);
    expect(() => parseXdr('const A = 1;\nstruct s {\n  int a\n};', 'bad.x')).toThrow(/bad\.x:4: expected ";", found "}"/);
    expect(() => parseXdr('typedef string s;', 'bad.x')).toThrow(/string needs a size/);
    expect(() => parseXdr('struct s { quadruple q; };', 'bad.x')).toThrow(/quadruple is not supported/);
    expect(() => parseXdr('/* never closed', 'bad.x')).toThrow(/unterminated comment/);
    expect(() => parseXdr('program P { };', 'bad.x')).toThrow(/expected const, typedef, enum, struct or union/);
  });
});
