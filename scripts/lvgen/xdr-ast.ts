/**
 * The subset of the XDR/RPC language (RFC 4506 §6, RFC 5531 §12) that libvirt's `.x` files use,
 * as a syntax tree. Sizes and values stay expressions here; `resolve.ts` evaluates them.
 */

/** A constant as written: a number literal or the name of a constant (possibly from a C header). */
export type XdrValue = { readonly kind: 'number'; readonly value: bigint } | { readonly kind: 'name'; readonly name: string };

/** A built-in scalar. `char` and `short` (signed or not) take a full 4-byte word on the wire. */
export type XdrScalar = 'int' | 'uint' | 'hyper' | 'uhyper' | 'float' | 'double' | 'bool' | 'char' | 'uchar' | 'short' | 'ushort';

/** The base type of a declaration. */
export type XdrType =
  | { readonly kind: 'scalar'; readonly scalar: XdrScalar }
  | { readonly kind: 'string' }
  | { readonly kind: 'opaque' }
  | { readonly kind: 'named'; readonly name: string };

/** How a declaration repeats its base type. */
export type XdrShape =
  | { readonly kind: 'single' }
  /** `T *x`: a 0/1 marker, then T when 1. */
  | { readonly kind: 'optional' }
  /** `T x[N]`: N elements, no count word. */
  | { readonly kind: 'fixed'; readonly size: XdrValue }
  /** `T x<N>` or `T x<>`: a count word, then the elements. */
  | { readonly kind: 'variable'; readonly max: XdrValue | null };

/** `type name` with its shape; `void` declarations have no name or type. */
export interface XdrDeclaration {
  readonly name: string;
  readonly type: XdrType;
  readonly shape: XdrShape;
}

/** An enum member, with the annotations of the doc comment in front of it (`@generate: both`). */
export interface XdrEnumMember {
  readonly name: string;
  readonly value: XdrValue;
  readonly annotations: ReadonlyMap<string, readonly string[]>;
}

/** One arm of a union: the case values it serves and its declaration (null for `void`). */
export interface XdrUnionArm {
  readonly cases: readonly XdrValue[];
  readonly declaration: XdrDeclaration | null;
}

/** A top-level definition. */
export type XdrDefinition =
  | { readonly kind: 'const'; readonly name: string; readonly value: XdrValue }
  | { readonly kind: 'typedef'; readonly name: string; readonly declaration: XdrDeclaration }
  | { readonly kind: 'enum'; readonly name: string; readonly members: readonly XdrEnumMember[] }
  | { readonly kind: 'struct'; readonly name: string; readonly fields: readonly XdrDeclaration[] }
  | {
      readonly kind: 'union';
      readonly name: string;
      readonly discriminant: XdrDeclaration;
      readonly arms: readonly XdrUnionArm[];
      /** The `default:` arm: undefined when absent (an unknown discriminant is an error), null for `default: void`. */
      readonly defaultArm: XdrDeclaration | null | undefined;
    };

/** A parsed `.x` file: its definitions in source order. */
export interface XdrFile {
  readonly path: string;
  readonly definitions: readonly XdrDefinition[];
}
