import { TYPED_PARAM_FIELD_LENGTH, TypedParamFlags, TypedParamType } from './generated/libvirt-api.gen';
import { XdrError, type XdrReader, type XdrWriter } from './xdr';

/**
 * Typed parameters (libvirt-protocol.md §6): a field name plus a value tagged by an int
 * discriminant. Always decoded by the discriminant, never by the field name, because the same name
 * arrives with different types from different drivers and versions.
 */

export { TypedParamType } from './generated/libvirt-api.gen';

/** Flag getters need before the daemon returns STRING-typed parameters (libvirt adds it itself). */
export const TYPED_PARAM_STRING_OKAY = TypedParamFlags.STRING_OKAY;

/** Longest field name libvirt accepts: the C side keeps it in an 80-byte buffer with a NUL. */
export const TYPED_PARAM_FIELD_MAX_BYTES = TYPED_PARAM_FIELD_LENGTH - 1;

/** Smallest wire size of one typed parameter: empty name (4) + discriminant (4) + 4-byte arm. */
export const TYPED_PARAM_MIN_BYTES = 12;

/** One typed parameter, tagged by its wire type; (u)llong values are bigint so nothing is lost above 2^53. */
export type TypedParam =
  | { readonly field: string; readonly type: 'int'; readonly value: number }
  | { readonly field: string; readonly type: 'uint'; readonly value: number }
  | { readonly field: string; readonly type: 'llong'; readonly value: bigint }
  | { readonly field: string; readonly type: 'ullong'; readonly value: bigint }
  | { readonly field: string; readonly type: 'double'; readonly value: number }
  | { readonly field: string; readonly type: 'boolean'; readonly value: boolean }
  | { readonly field: string; readonly type: 'string'; readonly value: string };

/** The value of a typed parameter without its tag. */
export type TypedParamValue = number | bigint | boolean | string;

/** Typed parameters flattened to `field → value` (a null-prototype object, so any field name is safe). */
export type TypedParamRecord = Record<string, TypedParamValue>;

/** Constructors for typed parameters to send, so callers state the wire type explicitly. */
export const typedParam = {
  int: (field: string, value: number): TypedParam => ({ field, type: 'int', value }),
  uint: (field: string, value: number): TypedParam => ({ field, type: 'uint', value }),
  llong: (field: string, value: bigint): TypedParam => ({ field, type: 'llong', value }),
  ullong: (field: string, value: bigint): TypedParam => ({ field, type: 'ullong', value }),
  double: (field: string, value: number): TypedParam => ({ field, type: 'double', value }),
  boolean: (field: string, value: boolean): TypedParam => ({ field, type: 'boolean', value }),
  string: (field: string, value: string): TypedParam => ({ field, type: 'string', value }),
} as const;

/** Type tag per discriminant (index = discriminant). */
const TYPE_TAGS: readonly (TypedParam['type'] | undefined)[] = [undefined, 'int', 'uint', 'llong', 'ullong', 'double', 'boolean', 'string'];

/** Read the value arm selected by `discriminant`; an unknown discriminant is a protocol error. */
function decodeValue(r: XdrReader, discriminant: number, field: string): TypedParamValue {
  switch (discriminant) {
    case TypedParamType.INT:
      return r.int();
    case TypedParamType.UINT:
      return r.uint();
    case TypedParamType.LLONG:
      return r.hyper();
    case TypedParamType.ULLONG:
      return r.uhyper();
    case TypedParamType.DOUBLE:
      return r.double();
    case TypedParamType.BOOLEAN:
      return r.bool();
    case TypedParamType.STRING:
      return r.string();
    default:
      // The arm's size is unknown, so nothing after this point can be trusted (§4.2 trap 10).
      throw new XdrError(`unknown typed parameter type ${discriminant} for field ${JSON.stringify(field)}`);
  }
}

/** Decode one typed parameter. */
export function decodeTypedParam(r: XdrReader): TypedParam {
  const field = r.string();
  const discriminant = r.int();
  const value = decodeValue(r, discriminant, field);
  // decodeValue accepted the discriminant, so the tag exists and matches the value's type.
  return { field, type: TYPE_TAGS[discriminant], value } as TypedParam;
}

/** Decode a counted list of typed parameters. */
export function decodeTypedParams(r: XdrReader): TypedParam[] {
  return r.array(decodeTypedParam, TYPED_PARAM_MIN_BYTES);
}

/**
 * Decode a counted list of typed parameters straight into a `field → value` record. This is the
 * hot path of bulk stats, so it skips the intermediate tagged objects.
 */
export function decodeTypedParamRecord(r: XdrReader): TypedParamRecord {
  const count = r.uint();
  if (count * TYPED_PARAM_MIN_BYTES > r.remaining) {
    throw new XdrError(`typed parameter count ${count} cannot fit in ${r.remaining} remaining bytes`);
  }
  const out = Object.create(null) as TypedParamRecord;
  for (let i = 0; i < count; i++) {
    const field = r.string();
    out[field] = decodeValue(r, r.int(), field);
  }
  return out;
}

/** Flatten tagged parameters into a `field → value` record (a later duplicate wins, as in libvirt's getters). */
export function typedParamsToRecord(params: readonly TypedParam[]): TypedParamRecord {
  const out = Object.create(null) as TypedParamRecord;
  for (const p of params) out[p.field] = p.value;
  return out;
}

/** Encode one typed parameter, checking the field name and the value against its declared type. */
export function encodeTypedParam(w: XdrWriter, p: TypedParam): void {
  const fieldBytes = Buffer.byteLength(p.field, 'utf8');
  if (fieldBytes === 0) throw new XdrError('typed parameter field name is empty');
  if (fieldBytes > TYPED_PARAM_FIELD_MAX_BYTES) {
    throw new XdrError(`typed parameter field name ${JSON.stringify(p.field)} is ${fieldBytes} bytes; libvirt allows ${TYPED_PARAM_FIELD_MAX_BYTES}`);
  }
  w.string(p.field);
  switch (p.type) {
    case 'int':
      w.int(TypedParamType.INT).int(p.value);
      return;
    case 'uint':
      w.int(TypedParamType.UINT).uint(p.value);
      return;
    case 'llong':
      if (p.value < -(2n ** 63n) || p.value >= 2n ** 63n) throw new XdrError(`llong out of range for ${p.field}: ${p.value}`);
      w.int(TypedParamType.LLONG).hyper(p.value);
      return;
    case 'ullong':
      if (p.value < 0n || p.value >= 2n ** 64n) throw new XdrError(`ullong out of range for ${p.field}: ${p.value}`);
      w.int(TypedParamType.ULLONG).uhyper(p.value);
      return;
    case 'double':
      w.int(TypedParamType.DOUBLE).double(p.value);
      return;
    case 'boolean':
      w.int(TypedParamType.BOOLEAN).bool(p.value);
      return;
    case 'string':
      w.int(TypedParamType.STRING).string(p.value);
      return;
    default: {
      // Reachable only from untyped callers; report the bad tag instead of writing garbage.
      const bad: { readonly type: unknown } = p;
      throw new XdrError(`unknown typed parameter type ${String(bad.type)} for field ${JSON.stringify((p as TypedParam).field)}`);
    }
  }
}

/** Encode a counted list of typed parameters. */
export function encodeTypedParams(w: XdrWriter, params: readonly TypedParam[]): void {
  w.array(params, encodeTypedParam);
}
