import type { HostFacts } from '../inventory/model';
import type { LibvirtConnection } from '../libvirt';
import { CapabilitiesXml, isXmlError } from '../xml';

const MiB = 1024n * 1024n;
const GiB = MiB * 1024n;
/** Storage pool state RUNNING (`virStoragePoolState`). */
const POOL_RUNNING = 2;

/**
 * What a host reports about itself, all calls in flight at once: driver type and versions, host name, CPUs and
 * memory, free memory, a capabilities summary, and the capacity of its largest running storage pool (where
 * instance disks go). Free memory and pools are optional: the test driver loaded from a file refuses the first.
 */
export async function gatherHostFacts(conn: LibvirtConnection, options: { readonly timeoutMs?: number } = {}): Promise<HostFacts> {
  const call = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const [facts, freeMemory, capabilities, disk] = await Promise.all([
    conn.facts(call),
    conn.host.getFreeMemory(call).catch(() => null),
    conn.host.getCapabilities(call).catch(() => null),
    largestPool(conn, call).catch(() => null),
  ]);
  const summary = summarizeOrNull(capabilities);
  return {
    hostname: facts.hostname,
    hypervisorType: facts.type,
    hypervisorVersion: facts.hypervisorVersion.text,
    libvirtVersion: facts.libVersion.text,
    cpuModel: facts.node.model,
    cpus: facts.node.cpus,
    memoryMiB: Number(facts.node.memory / 1024n),
    ...(freeMemory === null ? {} : { freeMemoryMiB: Number(freeMemory / MiB) }),
    ...(disk === null ? {} : { diskGiB: Number(disk.capacity / GiB), freeDiskGiB: Number(disk.available / GiB) }),
    ...(summary === null ? {} : { arch: summary.arch ?? facts.node.model, domainType: summary.domainTypes.includes('kvm') ? 'kvm' : (summary.domainTypes[0] ?? 'qemu'), capabilities: summary }),
  };
}

async function largestPool(conn: LibvirtConnection, call: { timeoutMs?: number }): Promise<{ capacity: bigint; available: bigint } | null> {
  const pools = await conn.storage.listPools(call);
  const infos = await Promise.all(pools.map((pool) => conn.storage.getPoolInfo(pool, call)));
  let best: { capacity: bigint; available: bigint } | null = null;
  for (const info of infos) if (info.state === POOL_RUNNING && (best === null || info.capacity > best.capacity)) best = info;
  return best;
}

/** The few capability facts the app shows and filters on. */
export interface CapabilitiesSummary {
  readonly arch: string | null;
  /** Guest domain types the host offers (`kvm`, `qemu`, `test`), without duplicates. */
  readonly domainTypes: readonly string[];
  /** Guest architectures the host can run. */
  readonly guestArches: readonly string[];
  [key: string]: unknown;
}

/**
 * Pick arch and guest types out of capabilities XML through the XML layer (bounded, linear parsing: the regex
 * scan this replaces took seconds on a hostile 22 KB document). Throws `XmlError` for a document the parser
 * refuses.
 */
export function summarizeCapabilities(xml: string): CapabilitiesSummary {
  const capabilities = CapabilitiesXml.parse(xml);
  const domainTypes = new Set<string>();
  const guestArches = new Set<string>();
  for (const guest of capabilities.guests) {
    const arch = guest.arch;
    if (arch !== null) guestArches.add(arch);
    for (const type of guest.domainTypeNames) domainTypes.add(type);
  }
  return { arch: capabilities.host.arch?.trim() ?? null, domainTypes: [...domainTypes], guestArches: [...guestArches] };
}

/** The summary, or null when the host sent none or a document the XML layer refuses (treated like a refused call). */
function summarizeOrNull(xml: string | null): CapabilitiesSummary | null {
  if (xml === null) return null;
  try {
    return summarizeCapabilities(xml);
  } catch (error) {
    if (isXmlError(error)) return null;
    throw error;
  }
}
