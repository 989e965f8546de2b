import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { CloudInitInputError } from './errors';
import type { SshPublicKey } from './ssh-public-key';

/** Largest user-data accepted as given (Nova allows 64 KiB once base64-encoded; we never encode it). */
export const MAX_USER_DATA_BYTES = 64 * 1024;
/** Largest user-data once a gzip-compressed one is expanded. */
export const MAX_EXPANDED_USER_DATA_BYTES = 1024 * 1024;

/**
 * cloud-init's part types by the text a user-data starts with (`cloudinit/handlers` `INCLUSION_TYPES_MAP`),
 * longest first so `#include-once` is not taken for `#include`.
 */
const STARTS_WITH: readonly (readonly [string, string])[] = [
  ['#cloud-config-archive', 'text/cloud-config-archive'],
  ['#cloud-config-jsonp', 'text/cloud-config-jsonp'],
  ['## template: jinja', 'text/jinja2'],
  ['#cloud-boothook', 'text/cloud-boothook'],
  ['#include-once', 'text/x-include-once-url'],
  ['#cloud-config', 'text/cloud-config'],
  ['#part-handler', 'text/part-handler'],
  ['#upstart-job', 'text/upstart-job'],
  ['#include', 'text/x-include-url'],
  ['#!', 'text/x-shellscript'],
];

/** MIME type of a multipart user-data (the user's own, or ours combining it with the keys). */
export const MULTIPART = 'multipart/mixed';

/**
 * How our part merges into the user's cloud-config (cloud-init's `Merge-Type` header): keep every
 * value the user set, but append our keys to a `ssh_authorized_keys` list the user also gave.
 * cloud-init's default (`dict(replace)+list()+str()`) would let one list replace the other.
 */
export const KEYS_MERGE_TYPE = 'dict(no_replace,recurse_list)+list(append)+str()';

/** Content type of a user-data text as cloud-init would classify it; throws naming the headers it accepts. */
export function userDataContentType(text: string): string {
  if (/^(content-type|mime-version)\s*:/i.test(text)) return MULTIPART;
  const found = STARTS_WITH.find(([prefix]) => text.startsWith(prefix));
  if (found !== undefined) return found[1];
  const firstLine = text.split('\n', 1)[0]?.slice(0, 40) ?? '';
  throw new CloudInitInputError(
    'userData',
    `userData starts with ${JSON.stringify(firstLine)}, which cloud-init does not recognise: start it with #cloud-config, #!/bin/sh (a script), #include, #cloud-boothook, #part-handler, ## template: jinja, or give a MIME multipart document`,
  );
}

/** The user's user-data as text: gzip is expanded (cloud-init accepts gzip), the rest must be UTF-8. */
function userDataText(userData: string | Buffer): string {
  const raw = typeof userData === 'string' ? Buffer.from(userData, 'utf8') : userData;
  if (raw.length === 0) throw new CloudInitInputError('userData', 'userData is empty: leave it out instead');
  if (raw.length > MAX_USER_DATA_BYTES) throw new CloudInitInputError('userData', `userData is ${raw.length} bytes; at most ${MAX_USER_DATA_BYTES} are accepted`);
  let bytes = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      bytes = gunzipSync(raw, { maxOutputLength: MAX_EXPANDED_USER_DATA_BYTES });
    } catch (error) {
      throw new CloudInitInputError('userData', `userData looks gzip-compressed but does not expand to at most ${MAX_EXPANDED_USER_DATA_BYTES} bytes: ${(error as Error).message}`);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CloudInitInputError('userData', 'userData must be UTF-8 text (or gzip of it)');
  }
}

/** `#cloud-config` listing the keys for the default user. Each key is a double-quoted scalar (JSON is YAML). */
export function keysCloudConfig(keys: readonly SshPublicKey[]): string {
  if (keys.length === 0) return '#cloud-config\n{}\n';
  return `#cloud-config\nssh_authorized_keys:\n${keys.map((key) => `  - ${JSON.stringify(key.line)}\n`).join('')}`;
}

/** A boundary that no line of the parts starts with. */
function boundaryFor(parts: readonly string[]): string {
  const digest = createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 24);
  for (let counter = 0; ; counter += 1) {
    const boundary = `==virt-deck-${digest}${counter === 0 ? '' : `-${counter}`}==`;
    if (!parts.some((part) => part.includes(`--${boundary}`))) return boundary;
  }
}

function mimePart(contentType: string, filename: string, body: string, extraHeaders: readonly string[] = []): string {
  const encoding = Buffer.byteLength(body, 'utf8') === body.length ? '7bit' : '8bit';
  const headers = [`Content-Type: ${contentType}; charset="utf-8"`, 'MIME-Version: 1.0', `Content-Transfer-Encoding: ${encoding}`, ...extraHeaders, `Content-Disposition: attachment; filename="${filename}"`];
  return `${headers.join('\n')}\n\n${body}`;
}

/** What {@link renderUserData} produced. */
export interface RenderedUserData {
  readonly content: Buffer;
  /** `text/cloud-config` when there was nothing to combine, else `multipart/mixed` or the user's own type. */
  readonly contentType: string;
  /** Content type of the user's part, when one was given. */
  readonly userPartType?: string;
}

/**
 * The NoCloud `user-data`:
 * - keys only: a `#cloud-config` with `ssh_authorized_keys`;
 * - user-data only: the user's bytes unchanged (after checking cloud-init can read them);
 * - both: a MIME `multipart/mixed` with the user's part first, as given (a MIME document of the
 *   user's becomes a nested part, which cloud-init walks into), then our cloud-config part whose
 *   `Merge-Type` appends the keys to any `ssh_authorized_keys` of the user's and changes nothing else.
 *   We do not merge the two YAML documents ourselves: cloud-init's own merger does it, with the
 *   same semantics as for any multi-part user-data, and the user's part stays byte for byte theirs.
 */
export function renderUserData(input: { readonly keys: readonly SshPublicKey[]; readonly userData?: string | Buffer }): RenderedUserData {
  const keysConfig = keysCloudConfig(input.keys);
  if (input.userData === undefined) return { content: Buffer.from(keysConfig, 'utf8'), contentType: 'text/cloud-config' };
  const text = userDataText(input.userData);
  const userPartType = userDataContentType(text);
  if (input.keys.length === 0) {
    return { content: typeof input.userData === 'string' ? Buffer.from(input.userData, 'utf8') : input.userData, contentType: userPartType, userPartType };
  }
  const userPart = userPartType === MULTIPART ? text : mimePart(userPartType, 'user-data', text);
  const keysPart = mimePart('text/cloud-config', 'virt-deck-ssh-keys.cfg', keysConfig, [`Merge-Type: ${KEYS_MERGE_TYPE}`]);
  const boundary = boundaryFor([userPart, keysPart]);
  const body = [
    `Content-Type: ${MULTIPART}; boundary="${boundary}"`,
    'MIME-Version: 1.0',
    '',
    `--${boundary}`,
    // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1): bodies keep their own last newline.
    userPart,
    `--${boundary}`,
    keysPart,
    `--${boundary}--`,
    '',
  ].join('\n');
  return { content: Buffer.from(body, 'utf8'), contentType: MULTIPART, userPartType };
}
