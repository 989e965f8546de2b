import { isIP } from 'node:net';
import { DomainXml, type DomainGraphics } from '../xml';
import { ConsoleUnavailableError } from './errors';

/** Where a VNC server listens, as main dials it (after the wildcard/loopback rules below). */
export type VncEndpoint = { readonly kind: 'tcp'; readonly host: string; readonly port: number } | { readonly kind: 'unix'; readonly path: string };

/** How main reaches a host's consoles: the host's own machine, through its SSH connection, or over the network. */
export type ConsoleRoute = 'local' | 'ssh' | 'network';

/** A VNC display resolved from live domain XML. */
export interface ResolvedVnc {
  readonly endpoint: VncEndpoint;
  /** The VNC password (`graphics@passwd`, present with the SECURE flag); null when none is set. */
  readonly password: string | null;
}

/** The serial console resolved from live domain XML. */
export interface ResolvedSerial {
  /** The console's alias for DOMAIN_OPEN_CONSOLE (`serial0`); null: libvirt's first console. */
  readonly device: string | null;
}

/** What the checks need to know about where the host is. */
export interface EndpointContext {
  /** The instance's name, for messages. */
  readonly name: string;
  readonly route: ConsoleRoute;
  /** The host's name, for messages. */
  readonly hostName: string;
  /** The host's address as its URI names it (for `network` routes: where a wildcard listener is dialled). */
  readonly hostAddress: string | null;
}

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Whether a listen address is this host's loopback. */
function isLoopback(address: string): boolean {
  return LOOPBACK_V4.test(address) || address === '::1' || address === 'localhost';
}

/** Whether a listen address is a wildcard (every address of the host). */
function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '';
}

/**
 * The VNC display of a running domain, from its live XML (read with the SECURE flag so the password is there).
 * Refuses, with a reason a person understands, what Virt Deck cannot show: no graphics, SPICE only, no port yet,
 * a listener the route cannot reach. The XML must be the live one: a running domain with `autoport` carries its real
 * port there, the inactive definition says -1.
 */
export function resolveVncEndpoint(xml: string, context: EndpointContext): ResolvedVnc {
  const domain = DomainXml.parse(xml);
  const { name } = context;
  const displays = [...domain.graphics];
  if (displays.length === 0) {
    const serial = domain.consoles.length > 0 || domain.serials.length > 0;
    throw new ConsoleUnavailableError('unavailable', `${name} has no graphics device${serial ? ': open its serial console instead' : ''}`);
  }
  const vnc = displays.find((g) => g.type === 'vnc');
  if (vnc === undefined) {
    const types = [...new Set(displays.map((g) => (g.type ?? 'unknown').toUpperCase()))].join(' and ');
    throw new ConsoleUnavailableError('unavailable', `${name} has only a ${types} display (Virt Deck shows VNC): add a VNC display to it`);
  }
  return { endpoint: vncListener(vnc, context), password: vnc.passwd };
}

/** Where the VNC display listens, mapped to what main dials over the route. */
function vncListener(vnc: DomainGraphics, context: EndpointContext): VncEndpoint {
  const { name } = context;
  const listens = [...vnc.listens];
  const socketListen = listens.find((l) => l.type === 'socket');
  const socket = socketListen?.socket ?? vnc.socket;
  if (socket !== null && socket !== undefined) {
    if (context.route === 'network') {
      throw new ConsoleUnavailableError(
        'unavailable',
        `VNC of ${name} listens on a unix socket on ${context.hostName}, which cannot be reached over the network: reach the host over qemu+ssh`,
      );
    }
    return { kind: 'unix', path: socket };
  }
  if (listens.length > 0 && listens.every((l) => l.type === 'none')) {
    throw new ConsoleUnavailableError('unavailable', `VNC of ${name} has no listener (listen type none): only QEMU's own clients can see it`);
  }
  const port = vnc.port;
  if (port === null || port < 0) {
    throw new ConsoleUnavailableError('conflict', `VNC of ${name} has no port yet: the domain is still starting, try again in a moment`);
  }
  if (port > 65_535) throw new ConsoleUnavailableError('unavailable', `VNC of ${name} reports port ${port}, which is not a TCP port`);
  const address = listens.find((l) => l.type === 'address' && l.address !== null)?.address ?? vnc.listen ?? '127.0.0.1';
  return { kind: 'tcp', host: dialAddress(address, context), port };
}

/**
 * The address main (locally) or sshd (on the host) dials for a listen address. A wildcard is reached on loopback; a
 * specific address is one of the host's own, which both reach. Over the network (`qemu+tcp`) a loopback listener is
 * out of reach: there is no tunnel to the host's side.
 */
function dialAddress(address: string, context: EndpointContext): string {
  const { name, route } = context;
  if (isIP(address) === 0 && address !== 'localhost' && address !== '') {
    throw new ConsoleUnavailableError('unavailable', `VNC of ${name} listens on ${JSON.stringify(address)}, which is not an address: listen on 127.0.0.1 or 0.0.0.0`);
  }
  if (route === 'network') {
    if (isLoopback(address)) {
      throw new ConsoleUnavailableError(
        'unavailable',
        `VNC of ${name} listens on ${address}, which is not reachable from this machine without a tunnel: reach ${context.hostName} over qemu+ssh, or listen on 0.0.0.0`,
      );
    }
    return isWildcard(address) ? (context.hostAddress ?? address) : address;
  }
  if (isWildcard(address)) return address === '::' ? '::1' : '127.0.0.1';
  return address === 'localhost' ? '127.0.0.1' : address;
}

/**
 * The serial console of a running domain: what DOMAIN_OPEN_CONSOLE will attach to. libvirt attaches to a pty only,
 * so a console of another type (a file, a TCP port) is refused here with the reason.
 */
export function resolveSerialConsole(xml: string, name: string): ResolvedSerial {
  const domain = DomainXml.parse(xml);
  const consoles = [...domain.consoles];
  const serials = [...domain.serials];
  const first = consoles[0] ?? serials[0];
  if (first === undefined) throw new ConsoleUnavailableError('unavailable', `${name} has no serial console: add a serial port (pty) to it`);
  const pty = [...consoles, ...serials].find((device) => device.type === 'pty');
  if (pty === undefined) {
    throw new ConsoleUnavailableError('unavailable', `The serial console of ${name} is of type ${first.type ?? 'unknown'}, not pty: libvirt can only attach to a pty console`);
  }
  // The first console is what libvirt opens by default; name another pty device only when the first is not one.
  return { device: pty === first ? null : pty.alias };
}

/** The human text for a VNC endpoint (status line, logs): never a password. */
export function describeVncEndpoint(endpoint: VncEndpoint): string {
  return endpoint.kind === 'tcp' ? `VNC ${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}` : `VNC unix socket ${endpoint.path}`;
}
