import { isNoDomain, StatsGroup, type DomainInfo, type DomainRef, type LibvirtConnection } from '../libvirt';

/** A domain as one refresh saw it. */
export interface ObservedDomain {
  readonly uuid: string;
  readonly name: string;
  /** −1 while inactive. */
  readonly id: number;
  /** libvirt `virDomainState`. */
  readonly state: number;
  /** Virtual CPUs and maximum memory, fetched only for domains the caller asked about (adoption needs them). */
  readonly size?: { readonly vcpus: number; readonly memoryMiB: number };
}

/** Options of {@link observeDomains}. */
export interface ObserveOptions {
  /** Whether this domain's size is needed (it is unknown to the inventory). */
  readonly needsSize: (uuid: string) => boolean;
  readonly timeoutMs?: number;
}

/**
 * Every domain on a host with its state, in one round trip: bulk stats with only the `state` group (every driver
 * has it, the test driver has nothing else). Sizes come from DOMAIN_GET_INFO, all calls pipelined, and only for the
 * domains the caller does not know yet, so a steady-state refresh is a single call.
 */
export async function observeDomains(conn: LibvirtConnection, options: ObserveOptions): Promise<ObservedDomain[]> {
  const call = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const records = await conn.domains.getAllStats({ stats: StatsGroup.STATE, ...call });
  return Promise.all(
    records.map(async ({ dom, params: stats }): Promise<ObservedDomain> => {
      const state = typeof stats['state.state'] === 'number' ? stats['state.state'] : 0;
      const base = { uuid: dom.uuid, name: dom.name, id: dom.id, state };
      if (!options.needsSize(dom.uuid)) return base;
      return { ...base, size: sizeOf(await conn.domains.getInfo(dom, call)) };
    }),
  );
}

/** One domain, looked up by UUID; null when it no longer exists on the host. */
export async function observeDomain(conn: LibvirtConnection, uuid: string, options: ObserveOptions): Promise<ObservedDomain | null> {
  const call = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  let dom: DomainRef;
  try {
    dom = await conn.domains.lookupByUuid(uuid, call);
  } catch (error) {
    if (isNoDomain(error)) return null;
    throw error;
  }
  try {
    const info = await conn.domains.getInfo(dom, call);
    const base = { uuid: dom.uuid, name: dom.name, id: dom.id, state: info.state };
    return options.needsSize(uuid) ? { ...base, size: sizeOf(info) } : base;
  } catch (error) {
    // Gone between the lookup and the query (a transient domain that just stopped).
    if (isNoDomain(error)) return null;
    throw error;
  }
}

function sizeOf(info: DomainInfo): { vcpus: number; memoryMiB: number } {
  return { vcpus: info.nrVirtCpu, memoryMiB: Number(info.maxMem / 1024n) };
}
