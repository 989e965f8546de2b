import type { TypeOverride } from './config';
import { GeneratorError, type ProtocolModel } from './model';
import { pascalCase } from './names';
import type { XdrDeclaration, XdrDefinition, XdrScalar, XdrType } from './xdr-ast';

/**
 * Emits TypeScript interfaces, decoders and encoders for XDR structs and unions, in the style of
 * the hand-optimised code they replace: straight-line reads into locals and one object literal, no
 * closures per call, module-level element codecs for arrays and optionals, and minimum element
 * sizes so hostile counts fail before anything is allocated.
 */

/** Which codecs a type needs. */
export interface Directions {
  decode: boolean;
  encode: boolean;
}

/** How one declaration is read, written and typed. */
interface Codec {
  /** TypeScript type when decoded (arrays mutable) and when encoded (arrays read-only). */
  readonly decodeType: string;
  readonly encodeType: string;
  /** Expression reading a value from `r`. */
  readonly decode: string;
  /** Statement writing `value` to `w`. */
  encode(value: string): string;
  /** Smallest wire size in bytes. */
  readonly minBytes: number;
  /** A function `(r) => T` equivalent to `decode`, when one already exists by name. */
  readonly decodeFn: string | null;
  readonly encodeFn: string | null;
  /** Name part for generated helpers (`String`, `OptionalString`, `NonnullDomain`). */
  readonly key: string;
}

const SCALARS: Readonly<Record<XdrScalar, { read: string; write: string; type: string; bytes: number; key: string } | null>> = {
  int: { read: 'int', write: 'int', type: 'number', bytes: 4, key: 'Int' },
  // An XDR enum, char and short travel as a full signed word.
  char: { read: 'int', write: 'int', type: 'number', bytes: 4, key: 'Int' },
  short: { read: 'int', write: 'int', type: 'number', bytes: 4, key: 'Int' },
  uint: { read: 'uint', write: 'uint', type: 'number', bytes: 4, key: 'Uint' },
  uchar: { read: 'uint', write: 'uint', type: 'number', bytes: 4, key: 'Uint' },
  ushort: { read: 'uint', write: 'uint', type: 'number', bytes: 4, key: 'Uint' },
  hyper: { read: 'hyper', write: 'hyper', type: 'bigint', bytes: 8, key: 'Hyper' },
  uhyper: { read: 'uhyper', write: 'uhyper', type: 'bigint', bytes: 8, key: 'Uhyper' },
  double: { read: 'double', write: 'double', type: 'number', bytes: 8, key: 'Double' },
  bool: { read: 'bool', write: 'bool', type: 'boolean', bytes: 4, key: 'Bool' },
  float: null,
};

const RESERVED = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'r', 'w', 'v']);

/** A local variable name for a field (`type` is fine, `delete` is not). */
export function local(name: string): string {
  return RESERVED.has(name) ? `${name}_` : name;
}

/** Options of a codec emitter. */
export interface CodecEmitterOptions {
  readonly model: ProtocolModel;
  /** Prefix stripped from XDR type names before PascalCase (`remote_`). */
  readonly typePrefix: string;
  readonly typeOverrides: Readonly<Record<string, TypeOverride>>;
  readonly arrayOverrides: Readonly<Record<string, TypeOverride>>;
}

/** Collects the types, helpers and imports of one generated file. */
export class CodecEmitter {
  private readonly model: ProtocolModel;
  private readonly directions = new Map<string, Directions>();
  private readonly helpers = new Map<string, string>();
  /** module → names, split by value and type imports. */
  readonly imports = new Map<string, Set<string>>();
  readonly typeImports = new Map<string, Set<string>>();
  /** Whether XdrError is thrown somewhere (unions). */
  usesXdrError = false;

  constructor(private readonly options: CodecEmitterOptions) {
    this.model = options.model;
  }

  /** TypeScript name of an XDR type. */
  tsName(xdrName: string): string {
    const { typePrefix } = this.options;
    return pascalCase(xdrName.startsWith(typePrefix) ? xdrName.slice(typePrefix.length) : xdrName);
  }

  /** Mark a struct or union as needed in a direction, and everything it contains. */
  require(xdrName: string, dir: keyof Directions): void {
    const { definition } = this.model.get(xdrName);
    if (definition.kind === 'typedef') return this.requireDeclaration(definition.declaration, dir);
    if (definition.kind !== 'struct' && definition.kind !== 'union') return;
    let d = this.directions.get(xdrName);
    if (d === undefined) {
      d = { decode: false, encode: false };
      this.directions.set(xdrName, d);
    }
    if (d[dir]) return;
    d[dir] = true;
    if (definition.kind === 'struct') for (const field of definition.fields) this.requireDeclaration(field, dir);
    else for (const arm of definition.arms) if (arm.declaration) this.requireDeclaration(arm.declaration, dir);
  }

  /** Mark what a declaration refers to as needed in a direction (hand-written forms excepted). */
  requireDeclaration(decl: XdrDeclaration, dir: keyof Directions): void {
    if (decl.type.kind !== 'named') return;
    const name = decl.type.name;
    if (this.options.typeOverrides[name] !== undefined) return;
    if (decl.shape.kind === 'variable' && this.options.arrayOverrides[name] !== undefined) return;
    this.require(name, dir);
  }

  private addImports(override: TypeOverride): void {
    for (const [module, names] of Object.entries(override.imports)) {
      const set = this.imports.get(module) ?? new Set<string>();
      for (const n of names) set.add(n);
      this.imports.set(module, set);
    }
    for (const [module, names] of Object.entries(override.typeImports)) {
      const set = this.typeImports.get(module) ?? new Set<string>();
      for (const n of names) set.add(n);
      this.typeImports.set(module, set);
    }
  }

  private fromOverride(override: TypeOverride, key: string): Codec {
    this.addImports(override);
    const call = /^(\w+)\(r\)$/.exec(override.decode);
    const encodeCall = /^(\w+)\(w, \$\)$/.exec(override.encode);
    return {
      decodeType: override.decodeType,
      encodeType: override.encodeType,
      decode: override.decode,
      encode: (value) => `${override.encode.replace('$', value)};`,
      minBytes: override.minBytes,
      decodeFn: call ? call[1]! : null,
      encodeFn: encodeCall ? encodeCall[1]! : null,
      key,
    };
  }

  /** The codec of a base type (before its shape is applied). */
  private baseCodec(type: XdrType, where: string): Codec {
    switch (type.kind) {
      case 'scalar': {
        const s = SCALARS[type.scalar];
        if (s === null) throw new GeneratorError(`${where}: ${type.scalar} is not supported`);
        return {
          decodeType: s.type,
          encodeType: s.type,
          decode: `r.${s.read}()`,
          encode: (value) => `w.${s.write}(${value});`,
          minBytes: s.bytes,
          decodeFn: null,
          encodeFn: null,
          key: s.key,
        };
      }
      case 'string':
      case 'opaque':
        throw new GeneratorError(`${where}: ${type.kind} needs a size`);
      case 'named': {
        const override = this.options.typeOverrides[type.name];
        if (override !== undefined) return this.fromOverride(override, pascalCase(type.name));
        const { definition } = this.model.get(type.name);
        switch (definition.kind) {
          case 'typedef':
            return this.codec(definition.declaration, `${where} (typedef ${type.name})`);
          case 'enum':
            return { ...this.baseCodec({ kind: 'scalar', scalar: 'int' }, where), key: 'Int' };
          case 'struct':
          case 'union': {
            const ts = this.tsName(type.name);
            return {
              decodeType: ts,
              encodeType: ts,
              decode: `decode${ts}(r)`,
              encode: (value) => `encode${ts}(w, ${value});`,
              minBytes: this.minBytes(definition),
              decodeFn: `decode${ts}`,
              encodeFn: `encode${ts}`,
              key: ts,
            };
          }
          default:
            throw new GeneratorError(`${where}: ${type.name} is a ${definition.kind}, not a type`);
        }
      }
    }
  }

  /** Smallest wire size of a struct or union. */
  private minBytes(definition: XdrDefinition): number {
    if (definition.kind === 'struct') return definition.fields.reduce((sum, f) => sum + this.codec(f, `${definition.name}.${f.name}`).minBytes, 0);
    if (definition.kind === 'union') {
      const arms = definition.arms.map((a) => (a.declaration ? this.codec(a.declaration, definition.name).minBytes : 0));
      return 4 + Math.min(...arms);
    }
    throw new GeneratorError(`${definition.name} has no size`);
  }

  /** A `(r) => T` function name for a codec, creating a module-level helper when none exists. */
  private decodeFnOf(c: Codec): string {
    if (c.decodeFn !== null) return c.decodeFn;
    const name = `read${c.key}`;
    if (!this.helpers.has(name)) this.helpers.set(name, `/** Reads one ${c.key} element. */\nfunction ${name}(r: XdrReader): ${c.decodeType} {\n  return ${c.decode};\n}`);
    return name;
  }

  /** A `(w, v) => void` function name for a codec, creating a module-level helper when none exists. */
  private encodeFnOf(c: Codec): string {
    if (c.encodeFn !== null) return c.encodeFn;
    const name = `write${c.key}`;
    if (!this.helpers.has(name)) this.helpers.set(name, `/** Writes one ${c.key} element. */\nfunction ${name}(w: XdrWriter, v: ${c.encodeType}): void {\n  ${c.encode('v')}\n}`);
    return name;
  }

  /** The codec of a declaration: its base type with its shape applied. */
  codec(decl: XdrDeclaration, where: string): Codec {
    const { type, shape } = decl;
    const here = `${where}${decl.name ? ` ${decl.name}` : ''}`;
    switch (shape.kind) {
      case 'single':
        return this.baseCodec(type, here);
      case 'optional': {
        const inner = this.baseCodec(type, here);
        // Helpers are made only for the directions actually emitted (getters run on use).
        const decodeFnOf = (c: Codec) => this.decodeFnOf(c);
        const encodeFnOf = (c: Codec) => this.encodeFnOf(c);
        return {
          decodeType: `${inner.decodeType} | null`,
          encodeType: `${inner.encodeType} | null`,
          get decode() {
            return `r.optional(${decodeFnOf(inner)})`;
          },
          encode: (value) => `w.optional(${value}, ${encodeFnOf(inner)});`,
          minBytes: 4,
          decodeFn: null,
          encodeFn: null,
          key: `Optional${inner.key}`,
        };
      }
      case 'fixed': {
        const size = this.model.numberValue(shape.size);
        if (type.kind === 'opaque') {
          const padded = size + ((4 - (size % 4)) % 4);
          return {
            decodeType: 'Uint8Array',
            encodeType: 'Uint8Array',
            decode: `r.fixedOpaque(${size})`,
            encode: (value) => `w.fixedOpaque(${value}, ${size});`,
            minBytes: padded,
            decodeFn: null,
            encodeFn: null,
            key: `Opaque${size}`,
          };
        }
        if (type.kind === 'scalar' && (type.scalar === 'char' || type.scalar === 'uchar')) {
          // libvirt sends `char x[N]` as N words, one character in each low byte (NUL-padded text).
          return {
            decodeType: 'string',
            encodeType: 'string',
            decode: `r.charWords(${size})`,
            encode: () => {
              throw new GeneratorError(`${here}: encoding char[${size}] is not supported`);
            },
            minBytes: 4 * size,
            decodeFn: null,
            encodeFn: null,
            key: `Chars${size}`,
          };
        }
        const inner = this.baseCodec(type, here);
        const decodeFnOf = (c: Codec) => this.decodeFnOf(c);
        const encodeFnOf = (c: Codec) => this.encodeFnOf(c);
        return {
          decodeType: `${inner.decodeType}[]`,
          encodeType: `readonly ${inner.encodeType}[]`,
          get decode() {
            return `r.fixedArray(${size}, ${decodeFnOf(inner)})`;
          },
          encode: (value) => `w.fixedArray(${value}, ${size}, ${encodeFnOf(inner)});`,
          minBytes: size * inner.minBytes,
          decodeFn: null,
          encodeFn: null,
          key: `Fixed${size}${inner.key}`,
        };
      }
      case 'variable': {
        if (type.kind === 'string') {
          return { decodeType: 'string', encodeType: 'string', decode: 'r.string()', encode: (v) => `w.string(${v});`, minBytes: 4, decodeFn: null, encodeFn: null, key: 'String' };
        }
        if (type.kind === 'opaque') {
          return { decodeType: 'Uint8Array', encodeType: 'Uint8Array', decode: 'r.opaque()', encode: (v) => `w.opaque(${v});`, minBytes: 4, decodeFn: null, encodeFn: null, key: 'Opaque' };
        }
        if (type.kind === 'named') {
          const override = this.options.arrayOverrides[type.name];
          if (override !== undefined) return this.fromOverride(override, `List${pascalCase(type.name)}`);
        }
        const inner = this.baseCodec(type, here);
        const decodeFnOf = (c: Codec) => this.decodeFnOf(c);
        const encodeFnOf = (c: Codec) => this.encodeFnOf(c);
        // Array bounds in the .x files are sanity limits that grow between releases: only the
        // payload size bounds a count here (libvirt-protocol.md §4.2, trap 8).
        const elementType = inner.decodeType.includes('|') ? `(${inner.decodeType})` : inner.decodeType;
        const encodeElement = inner.encodeType.includes('|') ? `(${inner.encodeType})` : inner.encodeType;
        return {
          decodeType: `${elementType}[]`,
          encodeType: `readonly ${encodeElement}[]`,
          get decode() {
            return `r.array(${decodeFnOf(inner)}, ${Math.max(4, inner.minBytes)})`;
          },
          encode: (value) => `w.array(${value}, ${encodeFnOf(inner)});`,
          minBytes: 4,
          decodeFn: null,
          encodeFn: null,
          key: `List${inner.key}`,
        };
      }
    }
  }

  /** Emit every required struct and union, in source order, then the helpers they use. */
  emitTypes(): string {
    const out: string[] = [];
    for (const file of this.model.files) {
      for (const definition of file.definitions) {
        const d = this.directions.get(definition.name);
        if (d === undefined) continue;
        if (definition.kind === 'struct') out.push(this.emitStruct(definition, d, file.path));
        else if (definition.kind === 'union') out.push(this.emitUnion(definition, d, file.path));
      }
    }
    return [...out, ...[...this.helpers.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, text]) => text)].join('\n\n');
  }

  private fieldType(codec: Codec, d: Directions, where: string): string {
    if (!d.encode) return codec.decodeType;
    if (d.decode && codec.decodeType !== codec.encodeType && `readonly ${codec.decodeType}` !== codec.encodeType) {
      throw new GeneratorError(`${where} is both sent and received, but its two TypeScript forms differ (${codec.decodeType} / ${codec.encodeType})`);
    }
    return codec.encodeType;
  }

  private emitStruct(s: Extract<XdrDefinition, { kind: 'struct' }>, d: Directions, file: string): string {
    const ts = this.tsName(s.name);
    const fields = s.fields.map((f) => ({ f, c: this.codec(f, s.name) }));
    const lines: string[] = [];
    lines.push(`/** \`${s.name}\` (${basename(file)}). */`);
    lines.push(`export interface ${ts} {`);
    for (const { f, c } of fields) lines.push(`  readonly ${f.name}: ${this.fieldType(c, d, `${s.name}.${f.name}`)};`);
    lines.push('}');
    if (d.decode) {
      lines.push('', `/** Decode \`${s.name}\`. */`, `export function decode${ts}(r: XdrReader): ${ts} {`);
      for (const { f, c } of fields) lines.push(`  const ${local(f.name)} = ${c.decode};`);
      lines.push(`  return { ${fields.map(({ f }) => (local(f.name) === f.name ? f.name : `${f.name}: ${local(f.name)}`)).join(', ')} };`, '}');
    }
    if (d.encode) {
      lines.push('', `/** Encode \`${s.name}\`. */`, `export function encode${ts}(w: XdrWriter, v: ${ts}): void {`);
      for (const { f, c } of fields) lines.push(`  ${c.encode(`v.${f.name}`)}`);
      lines.push('}');
    }
    return lines.join('\n');
  }

  private emitUnion(u: Extract<XdrDefinition, { kind: 'union' }>, d: Directions, file: string): string {
    const ts = this.tsName(u.name);
    const disc = u.discriminant.name;
    const lines: string[] = [`/** \`${u.name}\` (${basename(file)}), tagged by \`${disc}\`. */`, `export type ${ts} =`];
    const arms = u.arms.map((arm) => ({
      values: arm.cases.map((v) => this.model.numberValue(v)),
      decl: arm.declaration,
      codec: arm.declaration ? this.codec(arm.declaration, u.name) : null,
    }));
    for (const arm of arms) {
      const tag = arm.values.join(' | ');
      const field = arm.decl && arm.codec ? `; readonly ${arm.decl.name}: ${this.fieldType(arm.codec, d, `${u.name}.${arm.decl.name}`)}` : '';
      lines.push(`  | { readonly ${disc}: ${tag}${field} }`);
    }
    if (u.defaultArm !== undefined) {
      const codec = u.defaultArm ? this.codec(u.defaultArm, u.name) : null;
      const field = u.defaultArm && codec ? `; readonly ${u.defaultArm.name}: ${this.fieldType(codec, d, `${u.name}.${u.defaultArm.name}`)}` : '';
      lines.push(`  | { readonly ${disc}: number${field} }`);
    }
    lines[lines.length - 1] += ';';
    if (d.decode) {
      lines.push('', `/** Decode \`${u.name}\`; an unknown \`${disc}\` is a protocol error (the arm's size is unknown). */`, `export function decode${ts}(r: XdrReader): ${ts} {`);
      lines.push(`  const ${local(disc)} = r.int();`, `  switch (${local(disc)}) {`);
      for (const arm of arms) {
        for (const v of arm.values) lines.push(`    case ${v}:`);
        const tag = arm.values.length === 1 ? String(arm.values[0]) : `${local(disc)} as ${arm.values.join(' | ')}`;
        const value = arm.decl && arm.codec ? `, ${arm.decl.name}: ${arm.codec.decode}` : '';
        lines.push(`      return { ${disc}: ${tag}${value} };`);
      }
      if (u.defaultArm !== undefined) {
        const codec = u.defaultArm ? this.codec(u.defaultArm, u.name) : null;
        const value = u.defaultArm && codec ? `, ${u.defaultArm.name}: ${codec.decode}` : '';
        lines.push('    default:', `      return { ${disc}: ${local(disc)}${value} };`);
      } else {
        this.usesXdrError = true;
        lines.push('    default:', `      throw new XdrError(\`unknown ${disc} \${${local(disc)}} in ${u.name}\`);`);
      }
      lines.push('  }', '}');
    }
    if (d.encode) {
      lines.push('', `/** Encode \`${u.name}\`. */`, `export function encode${ts}(w: XdrWriter, v: ${ts}): void {`, `  w.int(v.${disc});`);
      if (u.defaultArm) throw new GeneratorError(`${u.name}: encoding a union whose default arm carries data is not supported`);
      const armed = arms.filter((a) => a.decl && a.codec);
      if (armed.length > 0) {
        lines.push(`  switch (v.${disc}) {`);
        for (const arm of armed) {
          for (const value of arm.values) lines.push(`    case ${value}:`);
          lines.push(`      ${arm.codec!.encode(`v.${arm.decl!.name}`)}`, '      return;');
        }
        lines.push('  }');
      }
      lines.push('}');
    }
    return lines.join('\n');
  }
}

/** The file name of a path. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
