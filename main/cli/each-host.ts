import { OneShotHostConnections } from '../compute/host-access';
import type { HostRecord } from '../inventory';
import { resolveHost } from '../inventory/services';
import type { LibvirtConnection } from '../libvirt';
import type { CommandContext } from './command';

/** What asking hosts gave: one value per host that answered, one warning per host that did not. */
export interface PerHost<T> {
  readonly results: readonly { readonly host: HostRecord; readonly value: T }[];
  readonly warnings: readonly string[];
}

/**
 * Ask one host (`hostRef`: its failure is the command's) or every host (in parallel; each failure becomes a warning
 * and the others still answer). Each host is dialled once and closed at the end, as the CLI has no live sessions.
 */
export async function askHosts<T>(context: CommandContext, hostRef: string | undefined, ask: (conn: LibvirtConnection, host: HostRecord) => Promise<T>): Promise<PerHost<T>> {
  const store = context.inventory().store;
  const hosts = hostRef === undefined ? store.hosts.list() : [store.read((repos) => resolveHost(repos, hostRef))];
  const connections = new OneShotHostConnections(store);
  try {
    const settled = await Promise.allSettled(hosts.map((host) => connections.use(host.id, (conn, record) => ask(conn, record))));
    const results: { host: HostRecord; value: T }[] = [];
    const warnings: string[] = [];
    settled.forEach((outcome, i) => {
      const host = hosts[i] as HostRecord;
      if (outcome.status === 'fulfilled') results.push({ host, value: outcome.value });
      else if (hostRef !== undefined) throw outcome.reason;
      else warnings.push(`host ${host.name}: ${outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason)}`);
    });
    return { results, warnings };
  } finally {
    await connections.close();
  }
}
