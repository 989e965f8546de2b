import { resolveSshTarget, type SshEnvironment } from '../../ssh';
import type { Dialer } from './dialer';
import { LibvirtUriError } from './errors';
import { localSocketPath, type SocketChoice } from './sockets';
import { SshDialer, type SshDialerOptions } from './ssh';
import { remoteLibvirtCommand } from './ssh-command';
import { LIBVIRT_TCP_PORT, TcpDialer } from './tcp';
import { UnixDialer } from './unix';
import { driverUriOf, parseLibvirtUri, type LibvirtUri } from './uri';

/** Options for `dialerForUri`. */
export interface DialerForUriOptions extends SshDialerOptions {
  /** Use the read-only socket (`-ro`, `virt-ssh-helper -r`); also pass VIR_CONNECT_RO to CONNECT_OPEN. */
  readonly readOnly?: boolean;
  /** Connect timeout for unix and TCP dials, and for the SSH connect unless `connectTimeoutMs` is set. */
  readonly timeoutMs?: number;
  /** Where the user's SSH setup lives (tests point this at a temporary folder). */
  readonly sshEnvironment?: SshEnvironment;
  /** Overrides for picking local sockets (tests). */
  readonly socketChoice?: SocketChoice;
}

/** A dialer for a URI, plus what to send in CONNECT_OPEN. */
export interface DialerForUri {
  readonly dialer: Dialer;
  /** The URI the daemon expects (`qemu+ssh://u@h/system` → `qemu:///system`). */
  readonly driverUri: string;
  readonly parsed: LibvirtUri;
  /** What weakens or changes how this host is reached: ssh_config settings Virt Deck ignores (each with `file line N` and why), `no_verify=1` (empty for other transports). */
  readonly warnings: readonly string[];
}

/**
 * The one place a libvirt URI becomes a transport (go-libvirt `socket/dialers/` style): unix for
 * local and `+unix` URIs, TCP for `+tcp`, SSH for `+ssh`. Throws LibvirtUriError (or SshConfigError
 * for an ssh_config we cannot honour) before any connection is attempted.
 */
export function dialerForUri(uri: string, options: DialerForUriOptions = {}): DialerForUri {
  const parsed = parseLibvirtUri(uri);
  const driverUri = driverUriOf(parsed);
  const readOnly = options.readOnly ?? false;
  const dialer = makeDialer(parsed, driverUri, readOnly, options);
  return { dialer, driverUri, parsed, warnings: dialer instanceof SshDialer ? dialer.target.warnings : [] };
}

function makeDialer(parsed: LibvirtUri, driverUri: string, readOnly: boolean, options: DialerForUriOptions): Dialer {
  const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  switch (parsed.transport) {
    case 'unix':
      return new UnixDialer(localSocketPath(parsed, { readOnly, ...options.socketChoice }), timeout);
    case 'tcp':
      return new TcpDialer(parsed.host!, parsed.port ?? LIBVIRT_TCP_PORT, timeout);
    case 'ssh': {
      const target = resolveSshTarget(
        {
          host: parsed.host!,
          ...(parsed.port !== null ? { port: parsed.port } : {}),
          ...(parsed.user !== null ? { user: parsed.user } : {}),
          ...(parsed.params.keyfile ? { keyFile: parsed.params.keyfile } : {}),
          ...(parsed.params.known_hosts ? { knownHostsFile: parsed.params.known_hosts } : {}),
          insecureAcceptUnknownHostKeys: parsed.params.no_verify === '1',
        },
        options.sshEnvironment,
      );
      const sshOptions: SshDialerOptions = { ...options, connectTimeoutMs: options.connectTimeoutMs ?? options.timeoutMs };
      return new SshDialer(target, remoteLibvirtCommand(parsed, driverUri, readOnly), sshOptions);
    }
    case 'tls':
      throw new LibvirtUriError(
        parsed.uri,
        `the TLS transport is not supported${parsed.transportAsWritten ? '' : ' (a URI with a host and no "+transport" means TLS)'}; use ${parsed.driver}+ssh://${parsed.user ? `${parsed.user}@` : ''}${parsed.host ?? 'host'}${parsed.path || '/system'}`,
      );
  }
}
