/**
 * Reads what libvirt's public C headers define as constants: `typedef enum { … } name;` blocks
 * and object-like `# define NAME value` macros whose value is an integer expression or a string.
 * This is no C preprocessor: it covers the shapes libvirt's headers use, and refuses the rest
 * loudly rather than guessing. Sentinel members (`# ifdef VIR_ENUM_SENTINELS … # endif`) are left
 * out, as they change with every release.
 */

/** A member of a C enum, in declaration order. */
export interface CEnumMember {
  readonly name: string;
  readonly value: bigint;
}

/** A `typedef enum { … } name;`. */
export interface CEnum {
  readonly name: string;
  readonly file: string;
  readonly members: readonly CEnumMember[];
}

/** Everything read from a set of headers. */
export interface CHeaderSymbols {
  readonly enums: ReadonlyMap<string, CEnum>;
  /** Every integer constant: enum members and numeric macros. */
  readonly integers: ReadonlyMap<string, bigint>;
  /** String macros (`# define VIR_MIGRATE_PARAM_URI "migrate_uri"`), in file order. */
  readonly strings: ReadonlyMap<string, string>;
}

/** A header construct this reader cannot evaluate. */
export class CHeaderError extends Error {
  override readonly name = 'CHeaderError';
}

/** Drop comments, keeping line breaks so nothing else moves. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/\/\/[^\n]*/g, '');
}

/** Remove `# ifdef VIR_ENUM_SENTINELS … # endif` blocks (nesting-aware). */
function dropSentinels(text: string): string {
  const out: string[] = [];
  let depth = 0;
  let skipFrom = -1;
  for (const line of text.split('\n')) {
    const directive = /^\s*#\s*(\w+)\s*(.*)$/.exec(line);
    if (directive) {
      const [, word, rest] = directive;
      if (word === 'if' || word === 'ifdef' || word === 'ifndef') {
        depth++;
        if (skipFrom < 0 && word === 'ifdef' && rest!.trim() === 'VIR_ENUM_SENTINELS') skipFrom = depth;
      } else if (word === 'endif') {
        if (skipFrom === depth) {
          skipFrom = -1;
          depth--;
          out.push('');
          continue;
        }
        depth--;
      }
    }
    out.push(skipFrom >= 0 ? '' : line);
  }
  return out.join('\n');
}

type ExprToken = { readonly kind: 'num'; readonly value: bigint } | { readonly kind: 'id'; readonly name: string } | { readonly kind: 'op'; readonly op: string };

function tokenizeExpr(expr: string): ExprToken[] {
  const tokens: ExprToken[] = [];
  const re = /\s*(?:(0[xX][0-9A-Fa-f]+|[0-9]+)[uUlL]*|([A-Za-z_]\w*)|(<<|>>|[-+*/%|&^~()]))/y;
  let pos = 0;
  while (pos < expr.length) {
    if (/^\s*$/.test(expr.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(expr);
    if (!m) throw new CHeaderError(`cannot read ${JSON.stringify(expr)} at ${JSON.stringify(expr.slice(pos))}`);
    if (m[1] !== undefined) tokens.push({ kind: 'num', value: BigInt(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: 'id', name: m[2] });
    else tokens.push({ kind: 'op', op: m[3]! });
    pos = re.lastIndex;
  }
  return tokens;
}

const BINARY_PRECEDENCE: Readonly<Record<string, number>> = { '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };

/**
 * Evaluate a C integer constant expression (literals with U/L suffixes, names, parentheses,
 * unary - + ~, and the binary arithmetic, shift and bit operators). Names go through `lookup`.
 */
export function evaluateCExpression(expr: string, lookup: (name: string) => bigint): bigint {
  const tokens = tokenizeExpr(expr);
  let pos = 0;
  const primary = (): bigint => {
    const t = tokens[pos++];
    if (t === undefined) throw new CHeaderError(`unexpected end of ${JSON.stringify(expr)}`);
    if (t.kind === 'num') return t.value;
    if (t.kind === 'id') return lookup(t.name);
    if (t.op === '(') {
      const v = binary(0);
      const close = tokens[pos++];
      if (close?.kind !== 'op' || close.op !== ')') throw new CHeaderError(`missing ) in ${JSON.stringify(expr)}`);
      return v;
    }
    if (t.op === '-') return -primary();
    if (t.op === '+') return primary();
    if (t.op === '~') return ~primary();
    throw new CHeaderError(`unexpected ${t.op} in ${JSON.stringify(expr)}`);
  };
  const binary = (minPrecedence: number): bigint => {
    let left = primary();
    for (;;) {
      const t = tokens[pos];
      if (t?.kind !== 'op') return left;
      const precedence = BINARY_PRECEDENCE[t.op];
      if (precedence === undefined || precedence <= minPrecedence) return left;
      pos++;
      const right = binary(precedence);
      left = applyOperator(t.op, left, right);
    }
  };
  const value = binary(0);
  if (pos !== tokens.length) throw new CHeaderError(`trailing tokens in ${JSON.stringify(expr)}`);
  return value;
}

function applyOperator(op: string, a: bigint, b: bigint): bigint {
  switch (op) {
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    case '&':
      return a & b;
    case '<<':
      return a << b;
    case '>>':
      return a >> b;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    default:
      return a % b;
  }
}

/** Read the enums and constant macros of several headers (later files may use earlier names and vice versa). */
export function readCHeaders(files: readonly { readonly path: string; readonly text: string }[]): CHeaderSymbols {
  // Expressions are collected first and evaluated on demand, so order across files does not matter.
  const pending = new Map<string, string>();
  const strings = new Map<string, string>();
  const enumDrafts: { name: string; file: string; members: { name: string; expr: string }[] }[] = [];

  for (const { path, text } of files) {
    const clean = dropSentinels(stripComments(text));
    for (const m of clean.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+([^\n]+)$/gm)) {
      const [, name, rawValue] = m;
      const value = rawValue!.trim();
      const str = /^"((?:[^"\\]|\\.)*)"$/.exec(value);
      if (str) strings.set(name!, JSON.parse(`"${str[1]!}"`) as string);
      else if (/^[\s\w()+\-*/%|&^~<>]+$/.test(value)) pending.set(name!, value);
    }
    for (const m of clean.matchAll(/typedef\s+enum\s*\w*\s*\{([^}]*)\}\s*(\w+)\s*;/g)) {
      const [, body, name] = m;
      const members: { name: string; expr: string }[] = [];
      let previous: string | null = null;
      for (const rawMember of body!.replace(/^\s*#.*$/gm, '').split(',')) {
        const member = rawMember.trim();
        if (member === '') continue;
        const mm = /^([A-Za-z_]\w*)\s*(?:=\s*([\s\S]+))?$/.exec(member);
        if (!mm) throw new CHeaderError(`${path}: cannot read enum member ${JSON.stringify(member)} of ${name!}`);
        // A member without a value is the previous one plus one (the first is 0).
        const expr: string = mm[2] !== undefined ? mm[2].trim() : previous === null ? '0' : `(${previous}) + 1`;
        members.push({ name: mm[1]!, expr });
        pending.set(mm[1]!, expr);
        previous = mm[1]!;
      }
      enumDrafts.push({ name: name!, file: path, members });
    }
  }

  const integers = new Map<string, bigint>();
  const evaluating = new Set<string>();
  const lookup = (name: string): bigint => {
    const known = integers.get(name);
    if (known !== undefined) return known;
    const expr = pending.get(name);
    if (expr === undefined) throw new CHeaderError(`unknown constant ${name}`);
    if (evaluating.has(name)) throw new CHeaderError(`constant ${name} is defined in terms of itself`);
    evaluating.add(name);
    try {
      const value = evaluateCExpression(expr, lookup);
      integers.set(name, value);
      return value;
    } finally {
      evaluating.delete(name);
    }
  };

  const enums = new Map<string, CEnum>();
  for (const draft of enumDrafts) {
    enums.set(draft.name, { name: draft.name, file: draft.file, members: draft.members.map((m) => ({ name: m.name, value: lookup(m.name) })) });
  }
  // Numeric macros that do not evaluate (they name something outside these headers) are simply not constants.
  for (const name of pending.keys()) {
    try {
      lookup(name);
    } catch (error) {
      if (!(error instanceof CHeaderError)) throw error;
    }
  }
  return { enums, integers, strings };
}
