import type { XdrDeclaration, XdrDefinition, XdrEnumMember, XdrFile, XdrScalar, XdrType, XdrUnionArm, XdrValue } from './xdr-ast';

/**
 * A recursive-descent parser for the XDR language as libvirt's `.x` files use it: constants,
 * typedefs, enums, structs, discriminated unions, optional (`*`), fixed (`[N]`) and variable
 * (`<N>`) arrays, `string<N>` and `opaque`. `%` pass-through lines (C for rpcgen) are skipped, and
 * `/** … *\/` comments in front of enum members yield their `@key: value` annotations.
 */

/** A syntax error, with the file and line. */
export class XdrSyntaxError extends Error {
  override readonly name = 'XdrSyntaxError';
}

type Token =
  | { readonly kind: 'ident'; readonly text: string; readonly line: number; readonly doc: string | null }
  | { readonly kind: 'number'; readonly value: bigint; readonly line: number; readonly doc: string | null }
  | { readonly kind: 'punct'; readonly text: string; readonly line: number; readonly doc: string | null }
  | { readonly kind: 'eof'; readonly line: number; readonly doc: string | null };

const PUNCTUATION = new Set(['{', '}', ';', ',', '=', '<', '>', '[', ']', '(', ')', '*', ':']);

/** Split `.x` source into tokens; each token carries the doc comment directly in front of it. */
function tokenize(source: string, path: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let doc: string | null = null;
  let lineStart = true;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\n') {
      line++;
      i++;
      lineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '%' && lineStart) {
      // rpcgen pass-through: the rest of the line is C, not XDR.
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    lineStart = false;
    if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw new XdrSyntaxError(`${path}:${line}: unterminated comment`);
      const text = source.slice(i, end + 2);
      // Only a doc comment (`/** … */`) annotates what follows; plain comments leave it alone.
      if (text.startsWith('/**')) doc = text;
      for (const ch of text) if (ch === '\n') line++;
      i = end + 2;
      continue;
    }
    if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < source.length && /[A-Za-z0-9_]/.test(source[j]!)) j++;
      tokens.push({ kind: 'ident', text: source.slice(i, j), line, doc });
      doc = null;
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(source[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < source.length && /[0-9A-Fa-fxX]/.test(source[j]!)) j++;
      const text = source.slice(i, j);
      tokens.push({ kind: 'number', value: parseNumber(text, `${path}:${line}`), line, doc });
      doc = null;
      i = j;
      continue;
    }
    if (PUNCTUATION.has(c)) {
      tokens.push({ kind: 'punct', text: c, line, doc });
      doc = null;
      i++;
      continue;
    }
    throw new XdrSyntaxError(`${path}:${line}: unexpected character ${JSON.stringify(c)}`);
  }
  tokens.push({ kind: 'eof', line, doc });
  return tokens;
}

/** An XDR integer literal: decimal, hex (`0x`) or octal (leading 0), optionally negative. */
function parseNumber(text: string, where: string): bigint {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  let value: bigint;
  if (/^0[xX][0-9A-Fa-f]+$/.test(body)) value = BigInt(body);
  else if (/^0[0-7]+$/.test(body)) value = BigInt(`0o${body.slice(1)}`);
  else if (/^[0-9]+$/.test(body)) value = BigInt(body);
  else throw new XdrSyntaxError(`${where}: bad number ${JSON.stringify(text)}`);
  return negative ? -value : value;
}

/** `@key: value` lines of a doc comment; a key may repeat (`@acl`). */
export function parseAnnotations(doc: string | null): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>();
  if (doc === null) return out;
  for (const match of doc.matchAll(/@([A-Za-z]+)\s*:\s*([^\n]*)/g)) {
    const key = match[1]!;
    const value = match[2]!.replace(/\*\/\s*$/, '').trim();
    const list = out.get(key) ?? [];
    list.push(value);
    out.set(key, list);
  }
  return out;
}

class Parser {
  private pos = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly path: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private fail(message: string, t: Token = this.peek()): never {
    const found = t.kind === 'eof' ? 'end of file' : t.kind === 'number' ? String(t.value) : JSON.stringify(t.text);
    throw new XdrSyntaxError(`${this.path}:${t.line}: ${message}, found ${found}`);
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  private isWord(text: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.text === text;
  }

  private expectPunct(text: string): void {
    if (!this.isPunct(text)) this.fail(`expected ${JSON.stringify(text)}`);
    this.next();
  }

  private expectWord(text: string): void {
    if (!this.isWord(text)) this.fail(`expected ${JSON.stringify(text)}`);
    this.next();
  }

  private identifier(what: string): string {
    const t = this.peek();
    if (t.kind !== 'ident') this.fail(`expected ${what}`);
    this.next();
    return t.text;
  }

  private value(): XdrValue {
    const t = this.next();
    if (t.kind === 'number') return { kind: 'number', value: t.value };
    if (t.kind === 'ident') return { kind: 'name', name: t.text };
    return this.fail('expected a number or a constant name', t);
  }

  file(): XdrFile {
    const definitions: XdrDefinition[] = [];
    while (this.peek().kind !== 'eof') definitions.push(this.definition());
    return { path: this.path, definitions };
  }

  private definition(): XdrDefinition {
    const t = this.peek();
    if (t.kind !== 'ident') this.fail('expected a definition');
    switch (t.text) {
      case 'const': {
        this.next();
        const name = this.identifier('a constant name');
        this.expectPunct('=');
        const value = this.value();
        this.expectPunct(';');
        return { kind: 'const', name, value };
      }
      case 'typedef': {
        this.next();
        const declaration = this.declaration();
        if (declaration === null) this.fail('a typedef cannot be void');
        this.expectPunct(';');
        return { kind: 'typedef', name: declaration.name, declaration };
      }
      case 'enum': {
        this.next();
        const name = this.identifier('an enum name');
        const members = this.enumBody();
        this.expectPunct(';');
        return { kind: 'enum', name, members };
      }
      case 'struct': {
        this.next();
        const name = this.identifier('a struct name');
        const fields = this.structBody();
        this.expectPunct(';');
        return { kind: 'struct', name, fields };
      }
      case 'union': {
        this.next();
        const name = this.identifier('a union name');
        const union = this.unionBody();
        this.expectPunct(';');
        return { kind: 'union', name, ...union };
      }
      default:
        return this.fail('expected const, typedef, enum, struct or union');
    }
  }

  private enumBody(): XdrEnumMember[] {
    this.expectPunct('{');
    const members: XdrEnumMember[] = [];
    for (;;) {
      const t = this.peek();
      const name = this.identifier('an enum member');
      this.expectPunct('=');
      members.push({ name, value: this.value(), annotations: parseAnnotations(t.doc) });
      if (this.isPunct(',')) {
        this.next();
        continue;
      }
      this.expectPunct('}');
      return members;
    }
  }

  private structBody(): XdrDeclaration[] {
    this.expectPunct('{');
    const fields: XdrDeclaration[] = [];
    while (!this.isPunct('}')) {
      const field = this.declaration();
      if (field === null) this.fail('a struct field cannot be void');
      fields.push(field);
      this.expectPunct(';');
    }
    this.expectPunct('}');
    return fields;
  }

  private unionBody(): Pick<Extract<XdrDefinition, { kind: 'union' }>, 'discriminant' | 'arms' | 'defaultArm'> {
    this.expectWord('switch');
    this.expectPunct('(');
    const discriminant = this.declaration();
    if (discriminant === null) this.fail('a union discriminant cannot be void');
    this.expectPunct(')');
    this.expectPunct('{');
    const arms: XdrUnionArm[] = [];
    let defaultArm: XdrDeclaration | null | undefined;
    while (!this.isPunct('}')) {
      if (this.isWord('default')) {
        this.next();
        this.expectPunct(':');
        defaultArm = this.declaration();
        this.expectPunct(';');
        continue;
      }
      const cases: XdrValue[] = [];
      while (this.isWord('case')) {
        this.next();
        cases.push(this.value());
        this.expectPunct(':');
      }
      if (cases.length === 0) this.fail('expected case or default');
      arms.push({ cases, declaration: this.declaration() });
      this.expectPunct(';');
    }
    this.expectPunct('}');
    return { discriminant, arms, defaultArm };
  }

  /** A declaration (`type name`, `type *name`, `type name[N]`, `type name<N>`), or null for `void`. */
  private declaration(): XdrDeclaration | null {
    if (this.isWord('void')) {
      this.next();
      return null;
    }
    const type = this.typeSpecifier();
    if (this.isPunct('*')) {
      this.next();
      return { name: this.identifier('a name'), type, shape: { kind: 'optional' } };
    }
    const name = this.identifier('a name');
    if (this.isPunct('[')) {
      this.next();
      const size = this.value();
      this.expectPunct(']');
      if (type.kind === 'string') this.fail('a string cannot have a fixed size');
      return { name, type, shape: { kind: 'fixed', size } };
    }
    if (this.isPunct('<')) {
      this.next();
      const max = this.isPunct('>') ? null : this.value();
      this.expectPunct('>');
      return { name, type, shape: { kind: 'variable', max } };
    }
    if (type.kind === 'string' || type.kind === 'opaque') this.fail(`${type.kind} needs a size: <N>${type.kind === 'opaque' ? ' or [N]' : ''}`);
    return { name, type, shape: { kind: 'single' } };
  }

  private typeSpecifier(): XdrType {
    const t = this.next();
    if (t.kind !== 'ident') return this.fail('expected a type', t);
    const scalar = (s: XdrScalar): XdrType => ({ kind: 'scalar', scalar: s });
    switch (t.text) {
      case 'unsigned': {
        // `unsigned` alone means `unsigned int`.
        const u = this.peek();
        if (u.kind === 'ident' && (u.text === 'int' || u.text === 'hyper' || u.text === 'char' || u.text === 'short' || u.text === 'long')) {
          this.next();
          if (u.text === 'hyper') return scalar('uhyper');
          if (u.text === 'char') return scalar('uchar');
          if (u.text === 'short') return scalar('ushort');
        }
        return scalar('uint');
      }
      case 'int':
      case 'long':
        return scalar('int');
      case 'hyper':
        return scalar('hyper');
      case 'float':
        return scalar('float');
      case 'double':
        return scalar('double');
      case 'bool':
        return scalar('bool');
      case 'char':
        return scalar('char');
      case 'short':
        return scalar('short');
      case 'string':
        return { kind: 'string' };
      case 'opaque':
        return { kind: 'opaque' };
      case 'struct':
      case 'enum':
      case 'union':
        // `struct foo x;` refers to a named type like plain `foo x;`.
        return { kind: 'named', name: this.identifier('a type name') };
      case 'quadruple':
        return this.fail('quadruple is not supported', t);
      default:
        return { kind: 'named', name: t.text };
    }
  }
}

/** Parse one `.x` file. Throws XdrSyntaxError with file and line on anything outside the language. */
export function parseXdr(source: string, path: string): XdrFile {
  return new Parser(tokenize(source, path), path).file();
}
