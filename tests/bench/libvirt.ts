import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connectListAllDomains, domainGetInfo } from '../../main/libvirt/domain';
import { connectGetAllDomainStats } from '../../main/libvirt/domain-stats';
import type { DomainRef } from '../../main/libvirt/records';
import type { RpcChannel } from '../../main/libvirt/rpc/channel';
import { openConnection } from '../../main/libvirt/rpc/handshake';
import { UnixDialer } from '../../main/libvirt/transport/unix';
import { startLab, type LabInfo } from '../lab';
import { formatMs, formatRatio, median, printGoal, printTable, timeRuns, type Benchmark } from './table';
import { parseBenchArgs } from './args';

/**
 * `npm run bench -- libvirt [--domains N] [--reps N] [--ssh]`
 *
 * On a lab host holding N (default 1000) running test-driver domains, compares in one run:
 *   (a) our full refresh: CONNECT_LIST_ALL_DOMAINS + CONNECT_GET_ALL_DOMAIN_STATS, both in flight;
 *   (b) our per-domain DOMAIN_GET_INFO for every domain, all N calls pipelined;
 *   (c) python3-libvirt `conn.getAllDomainStats()`;
 *   (d) python3-libvirt `dom.info()` for every domain, in a loop (the C API blocks per call).
 * Goals: (a) ≤ 1.0× (c); (b) ≥ 3× faster than (d). Reported as PASS/MISS, never failing.
 *
 * The domains live in a node XML file of their own (`test:///<file>`): every connection gets a
 * private copy, so the bench never disturbs tests sharing `test:///default`, and nothing has to
 * be undefined afterwards.
 */

const PYTHON = '/usr/bin/python3'; // the python3 on PATH may lack the libvirt module
const PEER = join(dirname(fileURLToPath(import.meta.url)), 'peers', 'libvirt_peer.py');
/** Alternating peer/ours rounds the repetitions are spread over. */
const ROUNDS = 3;

interface Options {
  readonly domains: number;
  readonly reps: number;
  readonly warmup: number;
  readonly ssh: boolean;
}

function parseArgs(args: readonly string[]): Options {
  const { domains, reps, ssh } = parseBenchArgs(args, { counts: { domains: 1000, reps: 15 }, flags: ['ssh'] });
  return { domains, reps, warmup: 3, ssh };
}

/** A test-driver node with `count` running domains. */
function nodeXml(count: number): string {
  const domains: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(4, '0');
    const uuid = `b0000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    domains.push(
      `  <domain type='test'><name>bench-${n}</name><uuid>${uuid}</uuid><memory unit='MiB'>64</memory>` +
        `<vcpu>1</vcpu><os><type>hvm</type></os></domain>`,
    );
  }
  return `<node>
  <cpu><nodes>1</nodes><sockets>1</sockets><cores>8</cores><threads>2</threads><active>16</active><mhz>2400</mhz><model>x86_64</model></cpu>
  <memory>134217728</memory>
${domains.join('\n')}
</node>
`;
}

interface PeerResult {
  readonly domains: number;
  readonly libvirtVersion: number;
  readonly getAllDomainStats: number[];
  readonly infoLoop: number[];
}

async function runPeer(uri: string, reps: number, warmup: number): Promise<PeerResult> {
  const { stdout } = await promisify(execFile)(PYTHON, [PEER, uri, String(reps), String(warmup)], { timeout: 600_000, maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as PeerResult;
}

/** URIs for our client and for python3-libvirt (whose ssh binary needs the lab's ssh wrapper). */
function uris(lab: LabInfo, file: string, ssh: boolean): { ours: string; peer: string; label: string } {
  const socket = lab.libvirtSocket;
  if (!ssh) {
    const uri = `test+unix://${file}?socket=${socket}`;
    return { ours: uri, peer: uri, label: 'unix socket' };
  }
  const base = `test+ssh://root@127.0.0.1:${lab.ssh.port}${file}?socket=${socket}`;
  return {
    ours: `${base}&keyfile=${lab.ssh.privateKeyPath}&known_hosts=${lab.ssh.knownHostsPath}`,
    // The 9.0 virt-ssh-helper ignores socket=, so libvirt's client must use netcat (as the lab's virsh URIs do).
    peer: `${base}&proxy=netcat&command=${lab.ssh.commandPath}`,
    label: 'ssh (loopback sshd)',
  };
}

/** An open channel plus how to close it. */
interface BenchConnection {
  readonly channel: RpcChannel;
  close(): Promise<void>;
}

/**
 * Open our client. Over SSH through the facade; over the unix socket by dialing directly, which
 * keeps the unix run independent of the SSH modules (the facade imports them).
 */
async function open(lab: LabInfo, uri: string, driverUri: string, ssh: boolean): Promise<BenchConnection> {
  if (ssh) {
    const { connectLibvirt } = await import('../../main/libvirt/connection');
    return connectLibvirt(uri);
  }
  const client = await openConnection(await new UnixDialer(lab.libvirtSocket).dial(), { driverUri });
  return { channel: client, close: () => client.close() };
}

/** Our measurements, in ms per repetition. */
interface OurTimes {
  refresh: number[];
  statsOnly: number[];
  pipelined: number[];
  sequential: number[];
}

/** One round of our measurements, appended to `into`. */
async function measureRound(ch: RpcChannel, doms: readonly DomainRef[], reps: number, warmup: number, into: OurTimes): Promise<void> {
  into.refresh.push(
    ...(await timeRuns(async () => {
      const [listed, stats] = await Promise.all([connectListAllDomains(ch), connectGetAllDomainStats(ch)]);
      if (listed.length !== doms.length || stats.length !== doms.length) throw new Error(`refresh saw ${listed.length} domains, ${stats.length} stats records`);
    }, reps, warmup)),
  );
  into.statsOnly.push(...(await timeRuns(() => connectGetAllDomainStats(ch), reps, warmup)));
  into.pipelined.push(...(await timeRuns(() => Promise.all(doms.map((dom) => domainGetInfo(ch, dom))), reps, warmup)));
  into.sequential.push(
    ...(await timeRuns(async () => {
      for (const dom of doms) await domainGetInfo(ch, dom);
    }, 1, 0)),
  );
}

async function run(args: readonly string[]): Promise<void> {
  const o = parseArgs(args);
  // Attach to the running lab, or bring one up (and take it down again at the end).
  const handle = await startLab();
  const lab = handle.info;
  const dir = mkdtempSync(join(os.tmpdir(), 'vd-bench-libvirt-'));
  chmodSync(dir, 0o755); // libvirtd reads the node file itself
  const file = join(dir, 'node.xml');
  writeFileSync(file, nodeXml(o.domains), { mode: 0o644 });
  const { ours, peer, label } = uris(lab, file, o.ssh);
  let conn: BenchConnection | null = null;
  try {
    // Rounds alternate between the peer and us, so load from other processes on this machine
    // drifts over both sides alike instead of landing on whichever ran second.
    const rounds = Math.min(ROUNDS, o.reps);
    const perRound = Math.ceil(o.reps / rounds);
    process.stdout.write(
      `libvirt benchmark: ${o.domains} test-driver domains over ${label}; ${rounds} alternating rounds × ${perRound} repetitions ` +
        `(${o.warmup} warm-up each), medians\nURI: ${ours}\n\n`,
    );
    conn = await open(lab, ours, `test://${file}`, o.ssh);
    const doms = await connectListAllDomains(conn.channel);
    if (doms.length !== o.domains) throw new Error(`we saw ${doms.length} domains, expected ${o.domains}`);
    const mine: OurTimes = { refresh: [], statsOnly: [], pipelined: [], sequential: [] };
    const theirs = { stats: [] as number[], info: [] as number[], version: 0 };
    for (let round = 0; round < rounds; round++) {
      const peerResult = await runPeer(peer, perRound, o.warmup);
      if (peerResult.domains !== o.domains) throw new Error(`python saw ${peerResult.domains} domains, expected ${o.domains}`);
      theirs.stats.push(...peerResult.getAllDomainStats);
      theirs.info.push(...peerResult.infoLoop);
      theirs.version = peerResult.libvirtVersion;
      await measureRound(conn.channel, doms, perRound, o.warmup, mine);
    }

    const a = median(mine.refresh);
    const b = median(mine.pipelined);
    const c = median(theirs.stats);
    const d = median(theirs.info);
    const statsOnly = median(mine.statsOnly);
    const sequential = median(mine.sequential);
    const perDom = (ms: number) => `${((ms * 1000) / o.domains).toFixed(1)} µs`;
    printTable(
      ['', 'measurement', 'median', 'per domain', 'vs peer'],
      [
        ['(a)', 'ours: list all + all-domain stats (both in flight)', formatMs(a), perDom(a), formatRatio(a, c)],
        ['', 'ours: all-domain stats alone', formatMs(statsOnly), perDom(statsOnly), formatRatio(statsOnly, c)],
        ['(c)', 'python3-libvirt: getAllDomainStats()', formatMs(c), perDom(c), '1.00×'],
        ['(b)', `ours: ${o.domains} × DOMAIN_GET_INFO, all in flight`, formatMs(b), perDom(b), formatRatio(b, d)],
        ['', `ours: ${o.domains} × DOMAIN_GET_INFO, one at a time`, formatMs(sequential), perDom(sequential), formatRatio(sequential, d)],
        ['(d)', 'python3-libvirt: dom.info() loop', formatMs(d), perDom(d), '1.00×'],
      ],
    );
    process.stdout.write(`\npeer: python3-libvirt on libvirt ${theirs.version}; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(2)}\n`);
    printGoal('(a) full refresh ≤ 1.0× python getAllDomainStats', a <= c, formatRatio(a, c));
    printGoal('(b) all-in-flight info ≥ 3× faster than the python info() loop', d / b >= 3, `${(d / b).toFixed(2)}× faster`);
  } finally {
    await conn?.close();
    rmSync(dir, { recursive: true, force: true });
    await handle.stop().catch((error: unknown) => {
      // Another run may have started using the lab meanwhile; it then stays up, which is fine.
      process.stderr.write(`note: lab left running: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  }
}

/** The libvirt client benchmark (see the comment at the top of this file). */
export const benchmark: Benchmark = {
  description: 'our RPC client vs python3-libvirt on 1000 test domains: bulk stats refresh and per-domain info',
  run,
};
