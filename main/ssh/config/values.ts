import { matchPatternList } from '../patterns';

/**
 * Value parsers with OpenSSH 9.2's rules (readconf.c, misc.c), so a value OpenSSH refuses is refused here
 * too. Each returns null for a value OpenSSH would call bad.
 */

/** OpenBSD `strtonum` over `strtoll(…, 10)`: optional leading blanks and sign, digits to the end, in range. */
export function strtonum(text: string, min: number, max: number): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(text);
  if (!m) return null;
  const value = Number(`${m[1]}${m[2]}`);
  return value >= min && value <= max ? value : null;
}

/** `atoi_err`: a non-negative int. */
export function parseInt32(text: string): number | null {
  return text === '' ? null : strtonum(text, 0, 2 ** 31 - 1);
}

const INT_MAX = 2 ** 31 - 1;
const TIME_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** `convtime`: `90`, `90s`, `1h30m`, `2d`, `1w`; seconds, or null. */
export function parseTime(text: string): number | null {
  if (text === '') return null;
  let total = 0;
  let rest = text;
  while (rest !== '') {
    // strtol: optional blanks and sign, then digits; a negative value is refused.
    const m = /^[ \t\n\v\f\r]*([+-]?\d+)([sSmMhHdDwW]?)/.exec(rest);
    if (!m) return null;
    const secs = Number(m[1]);
    if (secs < 0) return null;
    // A number must be followed by a unit or the end.
    if (m[2] === '' && m[0].length < rest.length) return null;
    const multiplier = TIME_UNITS[m[2]!.toLowerCase()]!;
    if (secs > Math.floor(INT_MAX / multiplier)) return null;
    total += secs * multiplier;
    if (total > INT_MAX) return null;
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** `a2port`: 0–65535 as a number, else a TCP service name (`ssh`); null when neither. */
export function parsePortNumber(text: string, servicePort: (name: string) => number | null): number | null {
  return strtonum(text, 0, 65535) ?? servicePort(text);
}

/** A keyword's accepted words (case-insensitive), as in readconf.c's `multistate` tables. */
export type Multistate = Readonly<Record<string, string>>;

const FLAG: Multistate = { true: 'yes', false: 'no', yes: 'yes', no: 'no' };

/** The multistate tables by name; values are the canonical meaning. */
export const MULTISTATE = {
  flag: FLAG,
  yesnoask: { ...FLAG, ask: 'ask' },
  strictHostKey: { true: 'yes', false: 'off', yes: 'yes', no: 'off', ask: 'ask', off: 'off', 'accept-new': 'accept-new' },
  yesnoaskconfirm: { ...FLAG, ask: 'ask', confirm: 'confirm' },
  addressFamily: { inet: 'inet', inet6: 'inet6', any: 'any' },
  controlMaster: { ...FLAG, auto: 'auto', ask: 'ask', autoask: 'autoask' },
  tunnel: { ethernet: 'ethernet', 'point-to-point': 'point-to-point', ...FLAG },
  requestTty: { ...FLAG, force: 'force', auto: 'auto' },
  sessionType: { none: 'none', subsystem: 'subsystem', default: 'default' },
  canonicalizeHostname: { ...FLAG, always: 'always' },
  pubkeyAuth: { ...FLAG, unbound: 'unbound', 'host-bound': 'host-bound' },
  compression: { yes: 'yes', no: 'no' },
} as const satisfies Record<string, Multistate>;

/** Looks `text` up in a multistate table (case-insensitive). */
export function parseMultistate(text: string, table: Multistate): string | null {
  return Object.hasOwn(table, text.toLowerCase()) ? table[text.toLowerCase()]! : null;
}

const IPQOS = new Set(['none', ...['11', '12', '13', '21', '22', '23', '31', '32', '33', '41', '42', '43'].map((n) => `af${n}`), ...[0, 1, 2, 3, 4, 5, 6, 7].map((n) => `cs${n}`), 'ef', 'le', 'lowdelay', 'throughput', 'reliability']);

/** `parse_ipqos`: a DSCP name or a number 0–255 (C `strtol` base 0: decimal, `0x` hex, `0` octal). */
export function validIpQos(text: string): boolean {
  if (IPQOS.has(text.toLowerCase())) return true;
  const n = parseCInteger(text);
  return n !== null && n >= 0 && n <= 255;
}

function parseCInteger(text: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(text);
  if (!m) return null;
  const body = m[2]!;
  const value = /^0[xX]/.test(body) ? parseInt(body.slice(2), 16) : body.startsWith('0') ? parseInt(body, 8) : Number(body);
  return m[1] === '-' ? -value : value;
}

/** Log levels and syslog facilities OpenSSH knows. */
export const LOG_LEVELS = new Set(['quiet', 'fatal', 'error', 'info', 'verbose', 'debug', 'debug1', 'debug2', 'debug3']);
export const LOG_FACILITIES = new Set(['daemon', 'user', 'auth', 'authpriv', ...[0, 1, 2, 3, 4, 5, 6, 7].map((n) => `local${n}`)]);

/** Algorithm names of this OpenSSH build (`ssh -Q cipher|mac|kex|key-sig`, Debian 12's 9.2p1). */
const CIPHERS = 'aes128-cbc aes192-cbc aes256-cbc aes128-ctr aes192-ctr aes256-ctr aes128-gcm@openssh.com aes256-gcm@openssh.com chacha20-poly1305@openssh.com 3des-cbc'.split(' ');
const MACS = ('hmac-sha1 hmac-sha1-96 hmac-sha2-256 hmac-sha2-512 hmac-md5 hmac-md5-96 umac-64@openssh.com umac-128@openssh.com ' +
  'hmac-sha1-etm@openssh.com hmac-sha1-96-etm@openssh.com hmac-sha2-256-etm@openssh.com hmac-sha2-512-etm@openssh.com ' +
  'hmac-md5-etm@openssh.com hmac-md5-96-etm@openssh.com umac-64-etm@openssh.com umac-128-etm@openssh.com').split(' ');
const KEXES = ('diffie-hellman-group1-sha1 diffie-hellman-group14-sha1 diffie-hellman-group14-sha256 diffie-hellman-group16-sha512 ' +
  'diffie-hellman-group18-sha512 diffie-hellman-group-exchange-sha1 diffie-hellman-group-exchange-sha256 ecdh-sha2-nistp256 ' +
  'ecdh-sha2-nistp384 ecdh-sha2-nistp521 curve25519-sha256 curve25519-sha256@libssh.org sntrup761x25519-sha512 ' +
  'sntrup761x25519-sha512@openssh.com').split(' ');
const KEY_TYPES = ('ssh-ed25519 ssh-ed25519-cert-v01@openssh.com sk-ssh-ed25519@openssh.com sk-ssh-ed25519-cert-v01@openssh.com ' +
  'ecdsa-sha2-nistp256 ecdsa-sha2-nistp256-cert-v01@openssh.com ecdsa-sha2-nistp384 ecdsa-sha2-nistp384-cert-v01@openssh.com ' +
  'ecdsa-sha2-nistp521 ecdsa-sha2-nistp521-cert-v01@openssh.com sk-ecdsa-sha2-nistp256@openssh.com ' +
  'sk-ecdsa-sha2-nistp256-cert-v01@openssh.com webauthn-sk-ecdsa-sha2-nistp256@openssh.com ssh-dss ssh-dss-cert-v01@openssh.com ' +
  'ssh-rsa ssh-rsa-cert-v01@openssh.com rsa-sha2-256 rsa-sha2-256-cert-v01@openssh.com rsa-sha2-512 rsa-sha2-512-cert-v01@openssh.com').split(' ');
/** Debian's GSSAPI key exchange prefixes (`ssh -Q kex-gss`). */
const GSS_KEX_PREFIXES = 'gss-gex-sha1- gss-group1-sha1- gss-group14-sha1- gss-group14-sha256- gss-group16-sha512- gss-nistp256-sha256- gss-curve25519-sha256-'.split(' ');

/** Which algorithm list a keyword takes. */
export type AlgorithmKind = 'cipher' | 'mac' | 'kex' | 'key' | 'gsskex';

/**
 * An algorithm list as readconf.c checks it: a `-` list is not checked; after an optional `+` or `^`,
 * comma-separated names up to the first empty one must be known (key types also accept wildcards that
 * match some known type).
 */
export function validAlgorithmList(text: string, kind: AlgorithmKind): boolean {
  if (kind !== 'gsskex' && text.startsWith('-')) return true;
  const body = kind !== 'gsskex' && (text.startsWith('+') || text.startsWith('^')) ? text.slice(1) : text;
  if (body === '') return false;
  for (const name of body.split(',')) {
    if (name === '') break;
    if (!knownAlgorithm(name, kind)) return false;
  }
  return true;
}

function knownAlgorithm(name: string, kind: AlgorithmKind): boolean {
  switch (kind) {
    case 'cipher':
      return CIPHERS.includes(name);
    case 'mac':
      return MACS.includes(name);
    case 'kex':
      return KEXES.includes(name);
    case 'gsskex':
      return GSS_KEX_PREFIXES.some((prefix) => name.startsWith(prefix));
    case 'key':
      return KEY_TYPES.includes(name) || KEY_TYPES.some((type) => matchPatternList(type, name, { caseSensitive: true }) !== null);
  }
}

/** `valid_env_name`: letters, digits and `_` only, not empty. */
export function validEnvName(name: string): boolean {
  return /^[A-Za-z0-9_]+$/.test(name);
}

/** `valid_domain` for CanonicalDomains; the reason when bad. */
export function domainFault(name: string): string | null {
  if (name === '') return 'empty domain name';
  if (!/^[A-Za-z0-9]/.test(name)) return `domain name "${name}" starts with invalid character`;
  if (name.includes('..')) return `domain name "${name.toLowerCase()}" contains consecutive separators`;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return `domain name "${name.toLowerCase()}" contains invalid characters`;
  return null;
}

/**
 * `hpdelim`: splits `host[:port]` or `[host]:port` at the first unbracketed `:` (or `/`). Returns
 * [host, rest] with rest null when there was no separator; null when a bracket is not closed.
 */
export function splitHostPort(text: string): [string, string | null] | null {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return null;
    const after = text.slice(close + 1);
    if (after === '') return [text.slice(1, close), null];
    if (after[0] !== ':' && after[0] !== '/') return null;
    return [text.slice(1, close), after.slice(1)];
  }
  const at = text.search(/[:/]/);
  return at < 0 ? [text, null] : [text.slice(0, at), text.slice(at + 1)];
}

/** `parse_user_host_port`: `[user@]host[:port]`; false when OpenSSH would refuse it. */
function validUserHostPort(text: string, servicePort: (name: string) => number | null): boolean {
  const at = text.lastIndexOf('@');
  if (at === 0) return false;
  const hostPort = splitHostPort(at > 0 ? text.slice(at + 1) : text);
  if (hostPort === null || hostPort[0] === '') return false;
  const port = hostPort[1];
  return port === null || port === '' || (parsePortNumber(port, servicePort) ?? 0) > 0;
}

/** `parse_ssh_uri` for `ssh://[user@]host[:port]` (no path); null when `text` is not such a URI. */
function sshUriFault(text: string, servicePort: (name: string) => number | null): boolean | null {
  if (!text.toLowerCase().startsWith('ssh://')) return null;
  const rest = text.slice('ssh://'.length);
  const slash = rest.indexOf('/');
  if (slash >= 0 && slash < rest.length - 1) return false;
  const authority = slash >= 0 ? rest.slice(0, slash) : rest;
  return validUserHostPort(authority, servicePort);
}

/** A ProxyJump value: `none`, or comma-separated `[user@]host[:port]` / `ssh://…` hops. */
export function validProxyJump(text: string, servicePort: (name: string) => number | null): boolean {
  const body = text.split('#', 1)[0]!.trimEnd();
  if (body.toLowerCase() === 'none') return true;
  return body.split(',').every((hop) => sshUriFault(hop, servicePort) ?? validUserHostPort(hop, servicePort));
}

/** `parse_forward` in outline: a listen and (except DynamicForward) a connect spec with sane ports. */
export function validForward(listen: string, connect: string | null, dynamic: boolean): boolean {
  const port = (p: string) => p === '*' || p === '0' || strtonum(p, 0, 65535) !== null || /^\//.test(p);
  const spec = (s: string, isListen: boolean) => {
    if (s.startsWith('/') || s.includes('/')) return true;
    const parts = s.startsWith('[') ? splitHostPort(s) : s.includes(':') ? [s.slice(0, s.lastIndexOf(':')), s.slice(s.lastIndexOf(':') + 1)] : [null, s];
    if (parts === null) return false;
    const p = parts[1];
    return p !== null && p !== undefined && p !== '' && (isListen ? port(p) : strtonum(p, 0, 65535) !== null);
  };
  if (dynamic) return spec(listen, true);
  return connect !== null && spec(listen, true) && spec(connect, false);
}
