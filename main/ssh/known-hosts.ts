import { createHmac, timingSafeEqual } from 'node:crypto';
import { keyTypeOfBlob } from './fingerprint';
import { matchPatternList } from './patterns';

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

/** Whether an entry's host field names `hostName` (already in `knownHostsName` form). */
export function entryMatchesHost(entry: KnownHostEntry, hostName: string): boolean {
  const name = hostName.toLowerCase();
  if (entry.hashed) {
    const digest = createHmac('sha1', entry.hashed.salt).update(name).digest();
    return timingSafeEqual(digest, entry.hashed.hash);
  }
  return matchPatternList(name, entry.patterns ?? '') === true;
}

/** The outcome of checking a presented host key against known_hosts entries. */
export type HostKeyCheck =
  | { readonly status: 'known'; readonly entry: KnownHostEntry }
  | { readonly status: 'revoked'; readonly entry: KnownHostEntry }
  | { readonly status: 'mismatch'; readonly entry: KnownHostEntry }
  | { readonly status: 'unknown'; readonly otherKeyTypes: readonly string[] };

/**
 * Checks `keyBlob` presented by `hostName` (in `knownHostsName` form) the way OpenSSH does: a revoked
 * key loses, a recorded identical key wins, a recorded key of the same type that differs is a
 * mismatch, anything else is unknown. `@cert-authority` lines are ignored: we do not accept host
 * certificates, so they can neither vouch for nor condemn a plain key.
 */
export function checkHostKey(entries: readonly KnownHostEntry[], hostName: string, keyBlob: Uint8Array): HostKeyCheck {
  const presented = Buffer.from(keyBlob);
  const keyType = keyTypeOfBlob(presented);
  const revoked = entries.find((e) => e.marker === 'revoked' && e.keyBlob.equals(presented));
  if (revoked) return { status: 'revoked', entry: revoked };
  const forHost = entries.filter((e) => e.marker === null && entryMatchesHost(e, hostName));
  const same = forHost.find((e) => e.keyBlob.equals(presented));
  if (same) return { status: 'known', entry: same };
  const conflicting = forHost.find((e) => e.keyType === keyType);
  if (conflicting) return { status: 'mismatch', entry: conflicting };
  return { status: 'unknown', otherKeyTypes: [...new Set(forHost.map((e) => e.keyType))] };
}

/** Key types recorded for a host, so the handshake can ask for those first (as OpenSSH does). */
export function knownKeyTypes(entries: readonly KnownHostEntry[], hostName: string): string[] {
  const types = entries.filter((e) => e.marker === null && entryMatchesHost(e, hostName)).map((e) => e.keyType);
  return [...new Set(types)];
}

/** A known_hosts line recording a key, hashed (`HashKnownHosts yes` style) when `hash` is set. */
export function formatKnownHostsLine(hostName: string, keyType: string, keyBase64: string, salt?: Buffer): string {
  if (!salt) return `${hostName} ${keyType} ${keyBase64}`;
  const hash = createHmac('sha1', salt).update(hostName.toLowerCase()).digest('base64');
  return `|1|${salt.toString('base64')}|${hash} ${keyType} ${keyBase64}`;
}
