import { findControlCharacter } from '../../text/control-chars';
import { LibvirtUriError } from './errors';

/** How the bytes travel. `tls` parses (it is libvirt's default for a URI with a host) but is not supported for dialing. */
export type TransportKind = 'unix' | 'tcp' | 'ssh' | 'tls';

/** A parsed libvirt connection URI (`driver[+transport]://[user@][host][:port]/path[?params]`). */
export interface LibvirtUri {
  /** The URI as given. */
  readonly uri: string;
  /** Hypervisor driver: `qemu`, `test`, `lxc`, `remote` (let the daemon choose)… */
  readonly driver: string;
  readonly transport: TransportKind;
  /** Transport as written (`libssh`, `libssh2` are treated as `ssh`), or null when implied. */
  readonly transportAsWritten: string | null;
  readonly user: string | null;
  /** Host name or address (IPv6 without brackets); null for a local URI. */
  readonly host: string | null;
  readonly port: number | null;
  /** Driver path: `/system`, `/session`, `/default`, `/abs/path.xml`, or `` when absent. */
  readonly path: string;
  /** Query parameters, percent-decoded, in order of appearance (a repeated name keeps the last value). */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The parameters we implement, all consumed by the client side (libvirt's remote driver reads them too; the
 * daemon never sees them). `no_tty=1` asks libvirt's ssh not to prompt on a terminal: we never open one (prompts
 * go to the UI), so it holds either way.
 */
export const CLIENT_SIDE_PARAMS: ReadonlySet<string> = new Set(['name', 'socket', 'netcat', 'keyfile', 'no_verify', 'no_tty', 'known_hosts', 'mode', 'proxy']);

/**
 * libvirt's other client-side parameters, which we do not implement, with the reason given when a URI uses one.
 * Any parameter in neither list is refused as unknown: ignoring it would connect in a way the user did not ask for.
 */
const UNSUPPORTED_PARAMS: Readonly<Record<string, string>> = {
  command: 'running another ssh binary is not supported: Virt Deck speaks SSH itself (put ssh options in ~/.ssh/config)',
  sshauth: 'choosing SSH authentication methods is not supported: Virt Deck tries the key file, the agent, then a password',
  known_hosts_verify: "libssh's host key policy is not supported: host keys are checked against known_hosts (known_hosts= names the file)",
  auth: 'SASL and polkit authentication are not supported',
  pkipath: 'it configures TLS, which is not supported',
  tls_priority: 'it configures TLS, which is not supported',
  tls: 'it configures TLS, which is not supported',
};

/** libvirt drivers that run inside the client library and are never reached through a daemon. */
const CLIENT_SIDE_DRIVERS = new Set(['esx', 'gsx', 'vpx', 'hyperv', 'phyp', 'vmwareplayer', 'vmwarews', 'vmwarefusion']);

const ALLOWED_VALUES: Readonly<Record<string, readonly string[]>> = {
  no_verify: ['0', '1'],
  no_tty: ['0', '1'],
  proxy: ['auto', 'netcat', 'native'],
  mode: ['auto', 'direct', 'legacy'],
};

const URI_RE = /^([A-Za-z][A-Za-z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(#.*)?$/;

/** Parses a libvirt URI, naming precisely what is wrong with a bad one (LibvirtUriError). */
export function parseLibvirtUri(uri: string): LibvirtUri {
  const fail = (reason: string): never => {
    throw new LibvirtUriError(uri, reason);
  };
  if (typeof uri !== 'string' || !uri.trim()) fail('the URI is empty');
  const raw = findControlCharacter(uri);
  if (raw !== null) fail(`the URI contains a control character (${raw})`);
  const m = URI_RE.exec(uri.trim());
  if (!m) return fail('expected driver[+transport]://[user@][host][:port]/path, e.g. qemu:///system or qemu+ssh://root@host/system');
  const [, scheme, authority, rawPath, rawQuery, fragment] = m;
  if (fragment) fail('fragments (#…) have no meaning in a libvirt URI');
  if (authority === undefined) fail(`missing "//" after "${scheme}:" (write ${scheme}:///… for a local connection)`);

  const [driverRaw, transportRaw, ...extra] = scheme!.toLowerCase().split('+');
  if (extra.length) fail(`the scheme "${scheme}" has more than one "+transport"`);
  const driver = driverRaw!;
  if (!/^[a-z][a-z0-9]*$/.test(driver)) fail(`"${driver}" is not a driver name`);
  if (CLIENT_SIDE_DRIVERS.has(driver)) fail(`the ${driver} driver runs inside libvirt's client library and cannot be reached through libvirtd`);

  const { user, host, port } = parseAuthority(authority!, fail);
  const transport = transportOf(transportRaw ?? null, host, fail);
  const path = decode(rawPath!, 'path', fail);
  if (path && !path.startsWith('/')) fail(`the path "${path}" must start with "/"`);
  const params = parseQuery(rawQuery ?? '', fail);

  if (transport === 'unix' && (host !== null || user !== null)) fail('a unix-socket URI cannot name a user or host (use +ssh to reach another machine)');
  if ((transport === 'ssh' || transport === 'tcp') && host === null) fail(`the ${transport} transport needs a host, e.g. ${driver}+${transport}://host/system`);
  if (transport === 'tcp' && user !== null) fail('the tcp transport has no user (it is unauthenticated); remove "user@"');
  for (const name of Object.keys(params)) {
    if (CLIENT_SIDE_PARAMS.has(name)) continue;
    const why = Object.hasOwn(UNSUPPORTED_PARAMS, name) ? UNSUPPORTED_PARAMS[name] : undefined;
    fail(why === undefined ? `unknown parameter "${name}" (Virt Deck understands ${[...CLIENT_SIDE_PARAMS].join(', ')})` : `${name}= is not supported: ${why}`);
  }
  const socket = params.socket;
  if (socket !== undefined && !socket.startsWith('/')) fail(`socket= must be an absolute path, got "${socket}"`);
  for (const [name, allowed] of Object.entries(ALLOWED_VALUES)) {
    const v = params[name];
    if (v !== undefined && !allowed.includes(v)) fail(`${name}=${v} is not one of ${allowed.join(', ')}`);
  }
  return { uri, driver, transport, transportAsWritten: transportRaw ?? null, user, host, port, path, params };
}

function transportOf(raw: string | null, host: string | null, fail: (r: string) => never): TransportKind {
  if (raw === null) return host === null ? 'unix' : 'tls';
  switch (raw) {
    case 'unix':
    case 'tcp':
    case 'ssh':
    case 'tls':
      return raw;
    case 'libssh':
    case 'libssh2':
      return 'ssh';
    case 'ext':
      return fail('the ext transport (running a local command) is not supported');
    default:
      return fail(`unknown transport "${raw}" (expected unix, ssh, tcp or tls)`);
  }
}

function parseAuthority(authority: string, fail: (r: string) => never): { user: string | null; host: string | null; port: number | null } {
  let rest = authority;
  let user: string | null = null;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (userinfo.includes(':')) fail('passwords in URIs are not supported (you will be asked for one if the server wants it)');
    user = decode(userinfo, 'user name', fail);
    if (!user) fail('the user name before "@" is empty');
  }
  let host: string;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) fail(`unterminated IPv6 address "${rest}"`);
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after && !after.startsWith(':')) fail(`unexpected "${after}" after the IPv6 address`);
    portText = after ? after.slice(1) : undefined;
  } else {
    const colon = rest.indexOf(':');
    host = colon >= 0 ? rest.slice(0, colon) : rest;
    portText = colon >= 0 ? rest.slice(colon + 1) : undefined;
  }
  host = decode(host, 'host', fail);
  if (host && !/^[\w.:%-]+$/.test(host)) fail(`"${host}" is not a valid host name`);
  let port: number | null = null;
  if (portText !== undefined && portText !== '') {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) fail(`the port "${portText}" is not a number between 1 and 65535`);
  }
  if (!host && (user !== null || port !== null)) fail('a user or port needs a host');
  return { user, host: host || null, port };
}

function parseQuery(query: string, fail: (r: string) => never): Record<string, string> {
  const params: Record<string, string> = {};
  // libvirt accepts both "&" and ";" as separators. "+" is a literal plus, not a space.
  for (const part of query.split(/[&;]/)) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = decode(eq >= 0 ? part.slice(0, eq) : part, 'parameter name', fail);
    if (!name) fail(`a query parameter has no name ("${part}")`);
    params[name] = decode(eq >= 0 ? part.slice(eq + 1) : '', `value of ${name}`, fail);
  }
  return params;
}

function decode(text: string, what: string, fail: (r: string) => never): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    return fail(`bad percent-encoding in the ${what} "${text}"`);
  }
  // %1b and friends decode to terminal escapes (names are printed) and to control bytes in the remote command line.
  const control = findControlCharacter(decoded);
  if (control !== null) fail(`the ${what} contains a control character (${control})`);
  return decoded;
}

/**
 * The URI the daemon expects in CONNECT_OPEN: transport, user, host, port and parameters removed
 * (`qemu+ssh://admin@h:2222/system?keyfile=k` → `qemu:///system`); every parameter we accept is client-side.
 * `name=` overrides it, as in libvirt; the `remote` driver sends "" so the daemon picks its default.
 */
export function driverUriOf(parsed: LibvirtUri): string {
  if (parsed.params.name !== undefined) return parsed.params.name;
  if (parsed.driver === 'remote') return '';
  return `${parsed.driver}://${encodePath(parsed.path || '/')}`;
}

/** Re-encodes what `parseLibvirtUri` decoded, so a path with spaces still parses on the daemon side. */
function encodePath(path: string): string {
  // RFC 3986 pchar keeps sub-delims, ":" and "@" literal.
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%(21|24|26|27|28|29|2A|2B|2C|3B|3D|3A|40)/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))))
    .join('/');
}

/** Whether the URI asks for a per-user (session) daemon rather than the system one. */
export function isSessionUri(parsed: LibvirtUri): boolean {
  return parsed.path === '/session';
}
