import { DomainState, isNoDomain, ListDomainsFlags, StatsGroup, type DomainInfo, type DomainRef, type LibvirtConnection } from '../libvirt';

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
  /** Whether it has a managed-save image (a suspended domain shows as shut off); absent when the driver would not say. */
  readonly managedSave?: boolean;
}

/** Options of {@link observeDomains}. */
export interface ObserveOptions {
  /** Whether this domain's size is needed (it is unknown to the inventory). */
  readonly needsSize: (uuid: string) => boolean;
  readonly timeoutMs?: number;
}

/**
 * Every domain on a host with its state, in one round trip: bulk stats with only the `state` group (every driver
 * has it, the test driver has nothing else), and in flight with it the list of domains holding a managed-save
 * image. Sizes come from DOMAIN_GET_INFO, all calls pipelined, and only for the domains the caller does not know
 * yet, so a steady-state refresh is one round trip.
 */
export async function observeDomains(conn: LibvirtConnection, options: ObserveOptions): Promise<ObservedDomain[]> {
  const call = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const [records, saved] = await Promise.all([conn.domains.getAllStats({ stats: StatsGroup.STATE, ...call }), managedSaveSet(conn, call)]);
  return Promise.all(
    records.map(async ({ dom, params: stats }): Promise<ObservedDomain> => {
      const state = typeof stats['state.state'] === 'number' ? stats['state.state'] : 0;
      const base = { uuid: dom.uuid, name: dom.name, id: dom.id, state, ...(saved === null ? {} : { managedSave: saved.has(dom.uuid) }) };
      if (!options.needsSize(dom.uuid)) return base;
      return { ...base, size: sizeOf(await conn.domains.getInfo(dom, call)) };
    }),
  );
}

/** UUIDs of the domains with a managed-save image; null when the driver refuses the filter (not an error worth a refresh). */
async function managedSaveSet(conn: LibvirtConnection, call: { timeoutMs?: number }): Promise<Set<string> | null> {
  try {
    return new Set((await conn.domains.listAll({ flags: ListDomainsFlags.MANAGEDSAVE, ...call })).map((dom) => dom.uuid));
  } catch {
    return null;
  }
}

/** Whether a shut-off domain has a managed-save image; undefined when the driver would not say. */
async function hasManagedSave(conn: LibvirtConnection, dom: DomainRef, call: { timeoutMs?: number }): Promise<boolean | undefined> {
  try {
    return await conn.domains.hasManagedSaveImage(dom, call);
  } catch {
    return undefined;
  }
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
    // Asked together (pipelined on the connection), so a stop's lookup costs two round trips, not three; only a
    // shut-off domain can be a saved one, so the answer counts only then.
    const [info, saved] = await Promise.all([conn.domains.getInfo(dom, call), hasManagedSave(conn, dom, call)]);
    const managedSave = info.state === DomainState.SHUTOFF ? saved : false;
    const base = { uuid: dom.uuid, name: dom.name, id: dom.id, state: info.state, ...(managedSave === undefined ? {} : { managedSave }) };
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
