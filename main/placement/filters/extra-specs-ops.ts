import { parseDecimal } from '../../text/decimal';

/** A requirement compiled once per request, applied to each aggregate value. */
export type ExtraSpecTest = (value: string) => boolean;

/** A numeric operator: the requirement is parsed once; a non-numeric value or requirement never matches. */
function numeric(compare: (value: number, required: number) => boolean): (words: readonly string[]) => ExtraSpecTest {
  return ([y]) => {
    // Not Number(): it reads "0x10" as 16 and "Infinity" as a number (docs/placement.md).
    const required = parseDecimal(y!);
    if (Number.isNaN(required)) return () => false;
    return (x) => {
      const value = parseDecimal(x);
      return !Number.isNaN(value) && compare(value, required);
    };
  };
}

const OPERATORS: Readonly<Record<string, (words: readonly string[]) => ExtraSpecTest>> = {
  '=': numeric((x, y) => x >= y),
  '==': numeric((x, y) => x === y),
  '!=': numeric((x, y) => x !== y),
  '>=': numeric((x, y) => x >= y),
  '<=': numeric((x, y) => x <= y),
  's==': ([y]) => (x) => x === y,
  's!=': ([y]) => (x) => x !== y,
  's<': ([y]) => (x) => x < y!,
  's<=': ([y]) => (x) => x <= y!,
  's>': ([y]) => (x) => x > y!,
  's>=': ([y]) => (x) => x >= y!,
  '<in>': ([y]) => (x) => x.includes(y!),
  '<all-in>': (ys) => (x) => ys.every((y) => x.includes(y)),
};

/**
 * Nova's extra-spec matching (`extra_specs_ops.match`), compiled: the requirement may start with an operator —
 * `=` (numeric ≥), `==`, `!=`, `>=`, `<=` (numeric), `s==`, `s!=`, `s<`, `s<=`, `s>`, `s>=` (string),
 * `<in>` (substring), `<all-in>` (every word a substring), `<or>` (one of several values) — otherwise the
 * value must equal the requirement exactly. Numbers are read by {@link parseDecimal}. We differ in one place: a
 * non-numeric value under a numeric operator does not match, where Nova raises an error.
 */
export function compileExtraSpec(requirement: string): ExtraSpecTest {
  const words = requirement.split(/\s+/).filter((w) => w !== '');
  const op = words.shift();
  if (op === '<or>') {
    // "<or> v1 <or> v2 <or> v3": every other word is a candidate value.
    const choices = words.filter((_, k) => k % 2 === 0);
    return (value) => choices.includes(value);
  }
  const make = op === undefined ? undefined : OPERATORS[op];
  if (!make) return (value) => value === requirement;
  if (words.length === 0) return () => false;
  return make(words);
}

/**
 * The value that surely matches a requirement without an operator, so a filter can compare before testing:
 * the requirement itself when it has no comma and no surrounding space (a split and trimmed value equal to it
 * is then exactly it); null for operators and other requirements.
 */
export function exactValue(requirement: string): string | null {
  const op = requirement.split(/\s+/).find((w) => w !== '');
  if (op !== undefined && (op === '<or>' || OPERATORS[op] !== undefined)) return null;
  return requirement.includes(',') || requirement.trim() !== requirement ? null : requirement;
}

/** Match one value against one requirement (see compileExtraSpec). */
export function matchExtraSpec(value: string | undefined, requirement: string): boolean {
  return value !== undefined && compileExtraSpec(requirement)(value);
}
