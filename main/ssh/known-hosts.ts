import { createHmac, timingSafeEqual } from 'node:crypto';
import { keyTypeOfBlob } from './fingerprint';
import { matchPattern } from './patterns';

/** One usable line of a known_hosts file. */
export interface KnownHostEntry {
  /** `revoked` and `cert-authority` come from `@revoked` / `@cert-authority` markers. */
  readonly marker: 'revoked' | 'cert-authority' | null;
  /** Comma-separated host patterns as written, or null for a hashed entry. */
  readonly patterns: string | null;
  /** For `|1|salt|hash` entries: the HMAC-SHA1 key and digest. */
  readonly hashed: { readonly salt: Buffer; readonly hash: Buffer } | null;
  /** Key type taken from the key blob itself (the text field can lie). */
  readonly keyType: string;
  readonly keyBlob: Buffer;
  /** `file:line`, for messages that tell the user which line to edit. */
  readonly source: string;
}

/** Name under which OpenSSH records a host: plain for port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Parses known_hosts text; malformed lines are skipped (OpenSSH does the same) and never throw. */
export function parseKnownHosts(text: string, fileName: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const entry = parseLine(lines[i]!, `${fileName}:${i + 1}`);
    if (entry) entries.push(entry);
  }
  return entries;
}

function parseLine(raw: string, source: string): KnownHostEntry | null {
  const line = raw.trim();
  if (!line || line.startsWith('#')) return null;
  const fields = line.split(/\s+/);
  let marker: KnownHostEntry['marker'] = null;
  if (fields[0]?.startsWith('@')) {
    const m = fields.shift();
    if (m === '@revoked') marker = 'revoked';
    else if (m === '@cert-authority') marker = 'cert-authority';
    else return null;
  }
  const [hosts, , keyBase64] = fields;
  if (!hosts || !keyBase64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(keyBase64)) return null;
  const keyBlob = Buffer.from(keyBase64, 'base64');
  const keyType = keyTypeOfBlob(keyBlob);
  if (!keyType) return null;
  if (hosts.startsWith('|')) {
    const hashed = parseHashedHost(hosts);
    return hashed ? { marker, patterns: null, hashed, keyType, keyBlob, source } : null;
  }
  return { marker, patterns: hosts, hashed: null, keyType, keyBlob, source };
}

function parseHashedHost(field: string): { salt: Buffer; hash: Buffer } | null {
  const parts = field.split('|');
  // "|1|salt|hash" splits into ["", "1", salt, hash].
  if (parts.length !== 4 || parts[1] !== '1' || !parts[2] || !parts[3]) return null;
  const salt = Buffer.from(parts[2], 'base64');
  const hash = Buffer.from(parts[3], 'base64');
  return salt.length === 20 && hash.length === 20 ? { salt, hash } : null;
}

/**
 * Whether an entry's host field names `hostName` (already in lookup form: `host`, `[host]:port` or a
 * HostKeyAlias). Like OpenSSH (and `ssh-keygen -F`): patterns are compared in lower case, a comma
 * list matches when some pattern does and no `!pattern` does, and a hashed entry is the HMAC-SHA1 of
 * the name exactly as given (host names are lower-cased before lookup; a HostKeyAlias is not).
 */
export function entryMatchesHost(entry: KnownHostEntry, hostName: string): boolean {
  if (entry.hashed) {
    const digest = createHmac('sha1', entry.hashed.salt).update(hostName).digest();
    return timingSafeEqual(digest, entry.hashed.hash);
  }
  return matchHostPatterns(hostName.toLowerCase(), (entry.patterns ?? '').toLowerCase());
}

/** known_hosts pattern lists are comma-separated only (ssh_config's space-separated lists differ). */
function matchHostPatterns(name: string, list: string): boolean {
  let matched = false;
  for (const raw of list.split(',')) {
    if (!raw) continue;
    const negated = raw.startsWith('!');
    if (!matchPattern(name, negated ? raw.slice(1) : raw)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** Names a host's key is looked up under, in the order OpenSSH tries them. */
export interface HostKeyNames {
  /** `host` on port 22 (a HostKeyAlias always counts as port 22: OpenSSH adds no port to it), else `[host]:port`. */
  readonly primary: string;
  /**
   * The bare host, off port 22: OpenSSH accepts a key recorded there when it is the very key presented
   * (a different key there proves nothing either way). Null on port 22.
   */
  readonly bareFallback: string | null;
}

/** The names OpenSSH looks a host up under (`host` is already lower case, or a HostKeyAlias as written). */
export function hostKeyNames(host: string, port: number): HostKeyNames {
  return { primary: knownHostsName(host, port), bareFallback: port === 22 ? null : host };
}

/** The outcome of checking a presented host key against known_hosts entries. */
export type HostKeyCheck =
  | { readonly status: 'known'; readonly entry: KnownHostEntry }
  | { readonly status: 'revoked'; readonly entry: KnownHostEntry }
  /** Some other key (of any type) is recorded for the host: OpenSSH's HOST_CHANGED. */
  | { readonly status: 'mismatch'; readonly entry: KnownHostEntry }
  /** Nothing recorded; `certificateAuthority` is a `@cert-authority` line covering the host, if any. */
  | { readonly status: 'unknown'; readonly certificateAuthority: KnownHostEntry | null };

/**
 * Checks `keyBlob` presented by a host the way OpenSSH 9 does, and never more loosely:
 * 1. a key named by any `@revoked` line loses (OpenSSH only looks at lines matching the host: we
 *    refuse a revoked key wherever it turns up);
 * 2. among the plain lines for the primary name, the identical key wins; any other key — of the
 *    same type or not (ed25519 on file, RSA presented; nistp256 vs nistp384) — is a change;
 * 3. nothing recorded: the identical key under the bare host name (non-22 port, no alias) wins;
 * 4. otherwise unknown, noting a `@cert-authority` line for the host (we cannot check host
 *    certificates, so such a host must never be accepted without a person deciding).
 */
export function checkHostKey(entries: readonly KnownHostEntry[], names: HostKeyNames | string, keyBlob: Uint8Array): HostKeyCheck {
  const { primary, bareFallback } = typeof names === 'string' ? { primary: names, bareFallback: null } : names;
  const presented = Buffer.from(keyBlob);
  const revoked = entries.find((e) => e.marker === 'revoked' && e.keyBlob.equals(presented));
  if (revoked) return { status: 'revoked', entry: revoked };
  const forHost = entries.filter((e) => e.marker === null && entryMatchesHost(e, primary));
  const same = forHost.find((e) => e.keyBlob.equals(presented));
  if (same) return { status: 'known', entry: same };
  // Report a recorded key of the presented type first: that is the line the user most likely has to fix.
  const keyType = keyTypeOfBlob(presented);
  const conflicting = forHost.find((e) => e.keyType === keyType) ?? forHost[0];
  if (conflicting) return { status: 'mismatch', entry: conflicting };
  if (bareFallback !== null) {
    const bare = entries.find((e) => e.marker === null && e.keyBlob.equals(presented) && entryMatchesHost(e, bareFallback));
    if (bare) return { status: 'known', entry: bare };
  }
  const certificateAuthority = entries.find((e) => e.marker === 'cert-authority' && entryMatchesHost(e, primary)) ?? null;
  return { status: 'unknown', certificateAuthority };
}

/** Key types recorded for a host, so the handshake can ask for those first (as OpenSSH does). */
export function knownKeyTypes(entries: readonly KnownHostEntry[], hostName: string): string[] {
  const types = entries.filter((e) => e.marker === null && entryMatchesHost(e, hostName)).map((e) => e.keyType);
  return [...new Set(types)];
}

/** A known_hosts line recording a key, hashed (`HashKnownHosts yes` style) when `hash` is set. */
export function formatKnownHostsLine(hostName: string, keyType: string, keyBase64: string, salt?: Buffer): string {
  if (!salt) return `${hostName} ${keyType} ${keyBase64}`;
  const hash = createHmac('sha1', salt).update(hostName).digest('base64');
  return `|1|${salt.toString('base64')}|${hash} ${keyType} ${keyBase64}`;
}
