// One domain's bulk-stats parameters read into typed counters: what the rate computation needs, nothing else.
// Field names are libvirt's (`virsh domstats`): cpu.time, balloon.*, block.<n>.*, net.<n>.*, vcpu.current.
import { statBigint, statNumber, type TypedParamRecord } from '../libvirt';

/** A disk's cumulative counters. */
export interface RawBlock {
  readonly name: string;
  readonly rdBytes: bigint | undefined;
  readonly wrBytes: bigint | undefined;
  readonly rdReqs: bigint | undefined;
  readonly wrReqs: bigint | undefined;
}

/** An interface's cumulative counters (from the guest's side, as libvirt reports them). */
export interface RawNet {
  readonly name: string;
  readonly rxBytes: bigint | undefined;
  readonly txBytes: bigint | undefined;
  readonly rxPkts: bigint | undefined;
  readonly txPkts: bigint | undefined;
}

/** Balloon figures in KiB. */
export interface RawMemory {
  readonly current: bigint | undefined;
  readonly maximum: bigint | undefined;
  readonly rss: bigint | undefined;
  readonly usable: bigint | undefined;
  readonly available: bigint | undefined;
  readonly unused: bigint | undefined;
}

/** The counters of one domain at one moment. */
export interface RawDomainStats {
  /** `virDomainState`; absent when the state group was not asked. */
  readonly state: number | undefined;
  /** Total CPU time in ns (`cpu.time`): absent when the domain is not running or the driver has no cpu-total. */
  readonly cpuTimeNs: bigint | undefined;
  /** `vcpu.current` (the vcpu group). */
  readonly vcpus: number | undefined;
  readonly memory: RawMemory;
  readonly blocks: readonly RawBlock[];
  readonly nets: readonly RawNet[];
}

/** Most devices of one kind read from a record: a hostile count must not make us loop for ever. */
const MAX_DEVICES = 256;

/** Read one domain's record. */
export function readRawStats(params: TypedParamRecord): RawDomainStats {
  return {
    state: statNumber(params['state.state']),
    cpuTimeNs: statBigint(params['cpu.time']),
    vcpus: statNumber(params['vcpu.current']),
    memory: {
      current: statBigint(params['balloon.current']),
      maximum: statBigint(params['balloon.maximum']),
      rss: statBigint(params['balloon.rss']),
      usable: statBigint(params['balloon.usable']),
      available: statBigint(params['balloon.available']),
      unused: statBigint(params['balloon.unused']),
    },
    blocks: devices(params, 'block', (prefix, name) => ({
      name,
      rdBytes: statBigint(params[`${prefix}.rd.bytes`]),
      wrBytes: statBigint(params[`${prefix}.wr.bytes`]),
      rdReqs: statBigint(params[`${prefix}.rd.reqs`]),
      wrReqs: statBigint(params[`${prefix}.wr.reqs`]),
    })),
    nets: devices(params, 'net', (prefix, name) => ({
      name,
      rxBytes: statBigint(params[`${prefix}.rx.bytes`]),
      txBytes: statBigint(params[`${prefix}.tx.bytes`]),
      rxPkts: statBigint(params[`${prefix}.rx.pkts`]),
      txPkts: statBigint(params[`${prefix}.tx.pkts`]),
    })),
  };
}

function devices<T>(params: TypedParamRecord, kind: 'block' | 'net', read: (prefix: string, name: string) => T): T[] {
  const count = Math.min(statNumber(params[`${kind}.count`]) ?? 0, MAX_DEVICES);
  const out: T[] = [];
  for (let i = 0; i < count; i++) {
    const name = params[`${kind}.${i}.name`];
    if (typeof name === 'string') out.push(read(`${kind}.${i}`, name));
  }
  return out;
}
