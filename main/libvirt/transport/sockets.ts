import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isSessionUri, type LibvirtUri } from './uri';

/** Where the system daemons put their sockets (libvirt still uses `/var/run`, a link to `/run`). */
export const SYSTEM_SOCKET_DIR = '/var/run/libvirt';

/** Drivers that have a modular daemon of their own (`virt<driver>d`). */
const MODULAR_DRIVERS = new Set(['qemu', 'lxc', 'libxl', 'xen', 'vbox', 'ch', 'bhyve', 'network', 'storage', 'nodedev', 'nwfilter', 'secret', 'interface']);

/** Inputs for choosing a socket; the defaults look at the real machine. */
export interface SocketChoice {
  readonly readOnly?: boolean;
  /** `$XDG_RUNTIME_DIR`, for session daemons. */
  readonly runtimeDir?: string | null;
  readonly homeDir?: string;
  /** Probe for the modular daemon's socket (mode=auto). */
  readonly exists?: (path: string) => boolean;
}

/**
 * The unix sockets a local URI may reach, in the order libvirt's client tries them: `?socket=` alone when given;
 * `mode=direct` the driver's own daemon (`virtqemud-sock`); `mode=legacy` the monolithic/proxy socket
 * (`libvirt-sock`); `auto` the modular socket, then the legacy one. Read-only adds `-ro` (system daemons only;
 * session daemons have no read-only socket). Session URIs use `$XDG_RUNTIME_DIR/libvirt` (or `~/.cache/libvirt`).
 * The one place that knows the socket names: dialing and the app's "is there a local libvirtd?" probe both ask here.
 */
export function localSocketCandidates(parsed: LibvirtUri, choice: Omit<SocketChoice, 'exists'> = {}): readonly [string, ...string[]] {
  if (parsed.params.socket) return [parsed.params.socket];
  const session = isSessionUri(parsed);
  const runtimeDir = choice.runtimeDir === undefined ? process.env.XDG_RUNTIME_DIR ?? null : choice.runtimeDir;
  const dir = session ? `${runtimeDir || `${choice.homeDir ?? homedir()}/.cache`}/libvirt` : SYSTEM_SOCKET_DIR;
  const suffix = choice.readOnly && !session ? '-sock-ro' : '-sock';
  const direct = MODULAR_DRIVERS.has(parsed.driver) ? `${dir}/virt${parsed.driver}d${suffix}` : null;
  const legacy = `${dir}/libvirt${suffix}`;
  const mode = parsed.params.mode ?? 'auto';
  if (direct === null || mode === 'legacy') return [legacy];
  if (mode === 'direct') return [direct];
  return [direct, legacy];
}

/**
 * The unix socket a local URI reaches, as libvirt's client picks it: the first candidate
 * ({@link localSocketCandidates}) that exists, else the last one (so the dial error names the legacy socket).
 */
export function localSocketPath(parsed: LibvirtUri, choice: SocketChoice = {}): string {
  const [first, ...rest] = localSocketCandidates(parsed, choice);
  const exists = choice.exists ?? existsSync;
  return [first, ...rest].find(exists) ?? rest.at(-1) ?? first;
}
