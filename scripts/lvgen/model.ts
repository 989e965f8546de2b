import type { CHeaderSymbols } from './c-header';
import type { XdrDeclaration, XdrDefinition, XdrFile, XdrValue } from './xdr-ast';

/** A name the generator cannot resolve, or a construct it refuses to emit. */
export class GeneratorError extends Error {
  override readonly name = 'GeneratorError';
}

/** A named definition and the file it came from. */
export interface LocatedDefinition {
  readonly definition: XdrDefinition;
  readonly file: string;
}

/**
 * Every definition of a set of `.x` files plus the C header constants they refer to, with names
 * resolved across files (the RPC core's files share nothing by name, but remote_protocol.x uses
 * `VIR_UUID_BUFLEN` and `VIR_TYPED_PARAM_INT` from the public headers).
 */
export class ProtocolModel {
  private readonly definitions = new Map<string, LocatedDefinition>();
  private readonly values = new Map<string, XdrValue>();

  constructor(
    readonly files: readonly XdrFile[],
    readonly headers: CHeaderSymbols,
  ) {
    for (const file of files) {
      for (const definition of file.definitions) {
        if (this.definitions.has(definition.name)) throw new GeneratorError(`${file.path}: ${definition.name} is defined twice`);
        this.definitions.set(definition.name, { definition, file: file.path });
        if (definition.kind === 'const') this.values.set(definition.name, definition.value);
        if (definition.kind === 'enum') for (const member of definition.members) this.values.set(member.name, member.value);
      }
    }
  }

  /** The definition named `name`. */
  get(name: string): LocatedDefinition {
    const found = this.definitions.get(name);
    if (found === undefined) throw new GeneratorError(`unknown type ${name}`);
    return found;
  }

  /** Whether `name` is defined. */
  has(name: string): boolean {
    return this.definitions.has(name);
  }

  /** The numeric value of a constant expression (a literal, an XDR constant or enum member, or a C header constant). */
  value(v: XdrValue, seen: ReadonlySet<string> = new Set()): bigint {
    if (v.kind === 'number') return v.value;
    const xdr = this.values.get(v.name);
    if (xdr !== undefined) {
      if (seen.has(v.name)) throw new GeneratorError(`constant ${v.name} is defined in terms of itself`);
      return this.value(xdr, new Set([...seen, v.name]));
    }
    const header = this.headers.integers.get(v.name);
    if (header !== undefined) return header;
    throw new GeneratorError(`unknown constant ${v.name}`);
  }

  /** A value as a JS number, refusing anything outside the safe integer range. */
  numberValue(v: XdrValue): number {
    const value = this.value(v);
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new GeneratorError(`constant ${v.kind === 'name' ? v.name : String(v.value)} = ${value} does not fit a JS number`);
    }
    return Number(value);
  }

  /** A typedef's declaration, or null when `name` is not a typedef. */
  typedef(name: string): XdrDeclaration | null {
    const d = this.definitions.get(name)?.definition;
    return d?.kind === 'typedef' ? d.declaration : null;
  }
}
