// One bulk stats call to one host for the instances watched there, and what it says about each of them.
import type { StatsLevel } from '../../common/model/stats';
import { StatsFlags, StatsGroup, connectGetAllDomainStats, type DomainStatsRecord, type RpcChannel } from '../libvirt';
import { readRawStats, type RawDomainStats } from './raw-stats';
import type { StatsTarget } from './targets';

/** The groups each level asks for: a list row needs CPU only, the details screen everything it graphs. */
export const LEVEL_GROUPS: Readonly<Record<StatsLevel, number>> = {
  summary: StatsGroup.STATE | StatsGroup.CPU_TOTAL,
  detail: StatsGroup.STATE | StatsGroup.CPU_TOTAL | StatsGroup.BALLOON | StatsGroup.BLOCK | StatsGroup.INTERFACE | StatsGroup.VCPU,
};

/** What a sample says about one instance. */
export type TargetReading =
  | { readonly kind: 'reading'; readonly raw: RawDomainStats }
  /** `missing`: the domain was not in the reply, so the inventory may know better now (it moved, it was deleted). */
  | { readonly kind: 'unavailable'; readonly reason: string; readonly missing?: boolean };

/** The outcome of one host's call. */
export interface HostSample {
  /** By instance UUID. */
  readonly readings: ReadonlyMap<string, TargetReading>;
  /** Running domains were asked for and none came with `cpu.time`: the driver has no cpu-total group (the test driver). */
  readonly noCpuStats: boolean;
}

/** How a host is asked. */
export interface HostSampleOptions {
  /** Up to this many domains are named in the call (`virDomainListGetStats`); more ask for every active domain. */
  readonly listVariantMax: number;
  /** A call slower than this fails (the host counts as unavailable for this round). */
  readonly timeoutMs: number;
}

/** `virDomainState` values of a domain that has CPU counters. */
const RUNNING_STATES = new Set([1, 2, 3]);

const STATE_NAMES: Readonly<Record<number, string>> = { 0: 'in no state', 4: 'shutting down', 5: 'shut off', 6: 'crashed', 7: 'suspended by the guest' };

/**
 * Ask one host for the stats of these domains in one call: named one by one when they are few (the daemon then
 * reads only those), every active domain when they are many. NOWAIT: a domain busy with a job answers with what it
 * has instead of holding up the whole reply.
 */
export async function sampleHost(channel: RpcChannel, level: StatsLevel, targets: readonly StatsTarget[], options: HostSampleOptions): Promise<HostSample> {
  const named = targets.length <= options.listVariantMax;
  const records: DomainStatsRecord[] = await connectGetAllDomainStats(channel, {
    stats: LEVEL_GROUPS[level],
    flags: named ? StatsFlags.NOWAIT : StatsFlags.NOWAIT | StatsFlags.ACTIVE,
    ...(named ? { doms: targets.map((target) => ({ name: target.domainName, uuid: target.domainUuid, id: -1 })) } : {}),
    timeoutMs: options.timeoutMs,
  });
  const byDomain = new Map<string, RawDomainStats>();
  for (const record of records) byDomain.set(record.dom.uuid.toLowerCase(), readRawStats(record.params));

  const readings = new Map<string, TargetReading>();
  let runningWithoutCpu = 0;
  let withCpu = 0;
  for (const target of targets) {
    const raw = byDomain.get(target.domainUuid);
    if (raw === undefined) {
      const reason = named ? `Domain ${target.domainName} is not defined on host ${target.hostName}` : `Domain ${target.domainName} is not running`;
      readings.set(target.uuid, { kind: 'unavailable', reason, missing: true });
      continue;
    }
    if (raw.cpuTimeNs !== undefined) withCpu += 1;
    else if (raw.state !== undefined && !RUNNING_STATES.has(raw.state)) {
      readings.set(target.uuid, { kind: 'unavailable', reason: `Domain ${target.domainName} is ${STATE_NAMES[raw.state] ?? `in state ${raw.state}`}` });
      continue;
    } else runningWithoutCpu += 1;
    readings.set(target.uuid, { kind: 'reading', raw });
  }
  const noCpuStats = runningWithoutCpu > 0 && withCpu === 0;
  if (noCpuStats) {
    const reason = noCpuStatsReason(targets[0]);
    for (const [uuid, reading] of readings) if (reading.kind === 'reading') readings.set(uuid, { kind: 'unavailable', reason });
  }
  return { readings, noCpuStats };
}

/** Why a host's instances have no CPU figures. */
export function noCpuStatsReason(target: StatsTarget | undefined): string {
  return target === undefined ? 'The driver reports no cpu-total statistics' : `Host ${target.hostName} (${target.driver} driver) reports no cpu-total statistics`;
}
