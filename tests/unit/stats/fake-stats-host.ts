// A host below the RPC layer for the collector's unit tests: it answers CONNECT_GET_ALL_DOMAIN_STATS from a table
// of domains whose counters the test moves, encoded as the daemon encodes them, and records what each call asked.
// What it stands in for cannot be made to happen on the lab at will: counters that go backwards, a host that hangs,
// hundreds of running domains.
import { decodeNonnullDomain, encodeNonnullDomain, Proc } from '../../../main/libvirt/generated/remote-protocol.gen';
import { StatsFlags, StatsGroup } from '../../../main/libvirt';
import { encodeTypedParams, typedParam, type TypedParam } from '../../../main/libvirt/typed-params';
import { XdrReader, XdrWriter } from '../../../main/libvirt/xdr';
import { RecordingChannel } from '../libvirt/recording-channel';

/** A disk's counters. */
export interface FakeBlock {
  name: string;
  rdBytes: bigint;
  wrBytes: bigint;
  rdReqs: bigint;
  wrReqs: bigint;
}

/** An interface's counters. */
export interface FakeNet {
  name: string;
  rxBytes: bigint;
  txBytes: bigint;
  rxPkts: bigint;
  txPkts: bigint;
}

/** A domain as the fake host reports it. */
export interface FakeDomain {
  name: string;
  uuid: string;
  /** virDomainState: 1 running, 3 paused, 5 shut off. */
  state: number;
  cpuTimeNs: bigint;
  vcpus: number;
  balloonKiB: bigint;
  blocks: FakeBlock[];
  nets: FakeNet[];
}

/** What one call asked for. */
export interface StatsRequest {
  readonly doms: readonly string[];
  readonly stats: number;
  readonly flags: number;
}

/** The fake host. */
export class FakeStatsHost {
  readonly domains = new Map<string, FakeDomain>();
  readonly requests: StatsRequest[] = [];
  /** false: the test driver, which reports only the state group. */
  cpuTotal = true;
  /** Set: calls fail with it (after being recorded). */
  failure: Error | null = null;
  /** Set: calls wait until it is released. */
  private hold: Promise<void> | null = null;
  private release: (() => void) | null = null;
  readonly channel = new RecordingChannel(async (call) => {
    if (call.proc !== Proc.CONNECT_GET_ALL_DOMAIN_STATS) return new Error(`unexpected procedure ${call.proc}`);
    const request = decodeRequest(call.args);
    this.requests.push(request);
    if (this.hold !== null) await this.hold;
    return this.failure ?? this.reply(request);
  });

  /** Add a running domain with zeroed counters. */
  add(name: string, uuid: string, overrides: Partial<FakeDomain> = {}): FakeDomain {
    const domain: FakeDomain = { name, uuid, state: 1, cpuTimeNs: 0n, vcpus: 1, balloonKiB: 65_536n, blocks: [], nets: [], ...overrides };
    this.domains.set(uuid, domain);
    return domain;
  }

  /** Calls from now on hang until {@link resume}. */
  pause(): void {
    this.hold = new Promise((resolve) => (this.release = resolve));
  }

  resume(): void {
    this.release?.();
    this.hold = null;
    this.release = null;
  }

  private reply(request: StatsRequest): Uint8Array {
    const chosen =
      request.doms.length > 0
        ? request.doms.flatMap((uuid) => this.domains.get(uuid) ?? [])
        : [...this.domains.values()].filter((domain) => (request.flags & StatsFlags.ACTIVE) === 0 || domain.state === 1 || domain.state === 3);
    const w = new XdrWriter();
    w.uint(chosen.length);
    for (const domain of chosen) {
      encodeNonnullDomain(w, { name: domain.name, uuid: domain.uuid, id: domain.state === 5 ? -1 : 1 });
      encodeTypedParams(w, this.params(domain, request.stats));
    }
    return w.bytes().slice();
  }

  private params(domain: FakeDomain, stats: number): TypedParam[] {
    const out: TypedParam[] = [];
    const running = domain.state === 1 || domain.state === 3;
    if (stats & StatsGroup.STATE) out.push(typedParam.int('state.state', domain.state), typedParam.int('state.reason', 1));
    if (!running || !this.cpuTotal) return out;
    if (stats & StatsGroup.CPU_TOTAL) out.push(typedParam.ullong('cpu.time', domain.cpuTimeNs));
    if (stats & StatsGroup.BALLOON) out.push(typedParam.ullong('balloon.current', domain.balloonKiB), typedParam.ullong('balloon.maximum', domain.balloonKiB), typedParam.ullong('balloon.rss', 2n * domain.balloonKiB));
    if (stats & StatsGroup.VCPU) out.push(typedParam.uint('vcpu.current', domain.vcpus), typedParam.uint('vcpu.maximum', domain.vcpus));
    if (stats & StatsGroup.INTERFACE) {
      out.push(typedParam.uint('net.count', domain.nets.length));
      domain.nets.forEach((net, i) => {
        out.push(
          typedParam.string(`net.${i}.name`, net.name),
          typedParam.ullong(`net.${i}.rx.bytes`, net.rxBytes),
          typedParam.ullong(`net.${i}.rx.pkts`, net.rxPkts),
          typedParam.ullong(`net.${i}.tx.bytes`, net.txBytes),
          typedParam.ullong(`net.${i}.tx.pkts`, net.txPkts),
        );
      });
    }
    if (stats & StatsGroup.BLOCK) {
      out.push(typedParam.uint('block.count', domain.blocks.length));
      domain.blocks.forEach((block, i) => {
        out.push(
          typedParam.string(`block.${i}.name`, block.name),
          typedParam.ullong(`block.${i}.rd.reqs`, block.rdReqs),
          typedParam.ullong(`block.${i}.rd.bytes`, block.rdBytes),
          typedParam.ullong(`block.${i}.wr.reqs`, block.wrReqs),
          typedParam.ullong(`block.${i}.wr.bytes`, block.wrBytes),
        );
      });
    }
    return out;
  }
}

/** Read `remote_connect_get_all_domain_stats_args` as the daemon would. */
function decodeRequest(bytes: Uint8Array): StatsRequest {
  const r = new XdrReader(bytes);
  const doms = r.array(decodeNonnullDomain).map((dom) => dom.uuid);
  const stats = r.uint();
  const flags = r.uint();
  return { doms, stats, flags };
}
