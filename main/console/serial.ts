import type { Duplex } from 'node:stream';
import { ConsoleFlags, connectLibvirt, type ConnectLibvirtOptions, type LibvirtConnection } from '../libvirt';
import { ConsoleUnreachableError } from './errors';

/** Where a serial console is: the host's URI, the domain and the console device. */
export interface SerialTarget {
  readonly uri: string;
  readonly hostName: string;
  readonly domainUuid: string;
  readonly instanceName: string;
  /** Console alias, or null for the domain's first console. */
  readonly device: string | null;
}

/**
 * Open a domain's serial console (`DOMAIN_OPEN_CONSOLE`) on a libvirt connection of its own: the console stream
 * pauses its whole connection while the viewer is behind, which must not hold up the host session's calls and
 * events. Over SSH the new connection is one more channel on the host's pooled SSH connection, not a new login.
 * The console is taken with `FORCE` (as virt-manager does): the newest viewer wins, an older one is closed.
 * Closing the returned stream closes its connection.
 */
export async function openSerialConsole(target: SerialTarget, options: ConnectLibvirtOptions = {}): Promise<Duplex> {
  let conn: LibvirtConnection;
  try {
    conn = await connectLibvirt(target.uri, { timeoutMs: 20_000, ...options });
  } catch (error) {
    throw new ConsoleUnreachableError(`Cannot reach ${target.hostName} for the serial console of ${target.instanceName}: ${messageOf(error)}`, { cause: error });
  }
  try {
    const dom = await conn.domains.lookupByUuid(target.domainUuid);
    const stream = await conn.domains.openConsole(dom, { device: target.device, flags: ConsoleFlags.FORCE });
    stream.once('close', () => void conn.close());
    return stream;
  } catch (error) {
    await conn.close();
    throw new ConsoleUnreachableError(`Cannot attach to the serial console of ${target.instanceName}: ${messageOf(error)}`, { cause: error });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
