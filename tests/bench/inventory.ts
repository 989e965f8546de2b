import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HostManager, hostService } from '../../main/hosts';
import { createSqliteChangeFeed, openInventory, type Inventory } from '../../main/inventory';
import { connectLibvirt } from '../../main/libvirt';
import { startLab, uniqueName, virsh, type LabInfo } from '../lab';
import { formatMs, formatRatio, median, printGoal, printTable, type Benchmark } from './table';
import { parseBenchArgs } from './args';

/**
 * `npm run bench -- inventory [--hosts N] [--domains N] [--reps N] [--changes N]`
 *
 * (1) Time to a complete inventory: N (default 20) test-driver hosts × M (default 500) domains on the lab's libvirtd,
 *     a fresh inventory each repetition; from HostManager.start() until every host is up with every domain
 *     reconciled into SQLite. Peer, in the same run: python3-libvirt going through the same hosts one after
 *     another — node info, all-domain stats, and dom.info() for each domain (the same facts we record), and also
 *     "list only" (stats without info). Goal: ours ≥ 5× faster than the peer. Also the steady-state refresh of all
 *     hosts on open connections (the periodic safety net), against the peer doing the same sweep one host at a time.
 *     Two kinds of test host, both served by the lab's one libvirtd:
 *       - file hosts: `test:///<node.xml>`, M domains each in its own file; every CONNECT_OPEN makes the daemon parse
 *         the file (the same cost for both clients, and on 2 cores no client can overlap much of it);
 *       - shared hosts: N URIs for `test:///default` (one socket symlink each, so they are N hosts to the
 *         inventory) holding the same M domains; opening is cheap, so this measures the clients.
 * (2) Event-to-inventory latency over K (default 200) state changes made by an interactive virsh (suspend/resume on
 *     test:///default): from the command written to virsh's stdin until the change feed delivers the instance
 *     with the new power state; also from the lifecycle event reaching an independent subscriber. Goal: p95 ≤ 100 ms.
 */

const PYTHON = '/usr/bin/python3';
const PEER = join(dirname(fileURLToPath(import.meta.url)), 'peers', 'inventory_peer.py');
const LIVE_DOMAINS = 10;

interface Options {
  readonly hosts: number;
  readonly domains: number;
  readonly reps: number;
  readonly changes: number;
}

function parseArgs(args: readonly string[]): Options {
  return parseBenchArgs(args, { counts: { hosts: 20, domains: 500, reps: 3, changes: 200 } });
}

/** libvirt states for the runstate element: a third each running, paused, shut off. */
const RUNSTATES = [1, 3, 5];

function nodeXml(host: number, count: number): string {
  const domains: string[] = [];
  for (let i = 0; i < count; i++) {
    const uuid = `c${host.toString(16).padStart(7, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    domains.push(
      `  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>inv-${host}-${i}</name><uuid>${uuid}</uuid>` +
        `<memory unit='MiB'>128</memory><vcpu>1</vcpu><os><type>hvm</type></os><test:runstate>${RUNSTATES[i % 3]}</test:runstate></domain>`,
    );
  }
  return `<node>
  <cpu><nodes>1</nodes><sockets>2</sockets><cores>8</cores><threads>2</threads><active>32</active><mhz>2400</mhz><model>x86_64</model></cpu>
  <memory>268435456</memory>
${domains.join('\n')}
</node>
`;
}

/** One repetition of ours: fresh inventory, N hosts, until every host is up and reconciled; then a steady refresh. */
async function completeInventory(uris: readonly string[], expectedDomains: number): Promise<{ complete: number; refresh: number }> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'vd-bench-inv-'));
  let inventory: Inventory | null = null;
  let manager: HostManager | null = null;
  try {
    inventory = openInventory({ dataDir });
    const hosts = hostService(inventory.store);
    uris.forEach((uri, i) => hosts.add({ name: `bench${i}`, uri }));
    const up = new Set<string>();
    let resolveAll: () => void = () => undefined;
    const allUp = new Promise<void>((resolve) => (resolveAll = resolve));
    const started = performance.now();
    manager = new HostManager({
      store: inventory.store,
      onStateChange: (hostId, state, detail) => {
        if (state === 'up') up.add(hostId);
        if (state === 'backoff') process.stderr.write(`host ${hostId}: ${detail ?? ''}\n`);
        if (up.size === uris.length) resolveAll();
      },
    });
    manager.start();
    await allUp;
    const elapsed = performance.now() - started;
    const count = inventory.store.instances.list().length;
    if (count !== expectedDomains) throw new Error(`inventory holds ${count} instances, expected ${expectedDomains}`);
    // The safety-net refresh on open connections: every host's bulk stats in parallel, reconciled (nothing changed).
    const refreshStarted = performance.now();
    await manager.refreshAll();
    return { complete: elapsed, refresh: performance.now() - refreshStarted };
  } finally {
    await manager?.stop();
    inventory?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface PeerResult {
  readonly domains: number;
  readonly listOnly: number[];
  readonly complete: number[];
  readonly open: number[];
  readonly refresh: number[];
}

async function runPeer(uris: readonly string[], reps: number): Promise<PeerResult> {
  const { stdout } = await promisify(execFile)(PYTHON, [PEER, String(reps), ...uris], { timeout: 900_000, maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as PeerResult;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** An interactive virsh: commands written to its stdin run on one open connection. */
function interactiveVirsh(uri: string): { run(command: string): void; close(): Promise<void>; proc: ChildProcessWithoutNullStreams } {
  const proc = spawn('/usr/bin/virsh', ['--quiet', '--connect', uri]);
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  proc.stdout.resume();
  return {
    proc,
    run: (command) => {
      if (proc.exitCode !== null) throw new Error(`virsh exited: ${stderr}`);
      proc.stdin.write(`${command}\n`);
    },
    close: () =>
      new Promise((resolve) => {
        proc.once('exit', () => resolve());
        proc.stdin.end('quit\n');
      }),
  };
}

interface Latencies {
  readonly fromCommand: number[];
  readonly fromEvent: number[];
}

/** (2): K suspend/resume changes through virsh, timed until the change feed carries them. */
async function eventLatency(lab: LabInfo, changes: number): Promise<Latencies> {
  const host = lab.hosts.find((h) => h.name === 'test-default');
  if (host === undefined) throw new Error('the lab has no test-default host');
  const dataDir = mkdtempSync(join(os.tmpdir(), 'vd-bench-events-'));
  const names = Array.from({ length: LIVE_DOMAINS }, () => uniqueName('bench-ev'));
  const inventory = openInventory({ dataDir });
  const feed = createSqliteChangeFeed(inventory.store, { batchMs: 10 });
  const manager = new HostManager({ store: inventory.store, feed });
  const observer = await connectLibvirt(host.unixUri);
  const shell = interactiveVirsh(host.unixUri);
  /** Waiters keyed by `${domain name}:${power state}`. */
  const waiters = new Map<string, (at: number) => void>();
  const eventAt = new Map<string, number>();
  try {
    for (const name of names) {
      const xml = join(dataDir, `${name}.xml`);
      writeFileSync(xml, `<domain type='test'><name>${name}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>`);
      await virsh(lab, ['define', xml], { host: 'test-default' });
      await virsh(lab, ['start', name], { host: 'test-default' });
    }
    hostService(inventory.store).add({ name: 'events', uri: host.unixUri });
    feed.subscribe((delta) => {
      const at = performance.now();
      for (const instance of delta.instances) waiters.get(`${instance.name}:${instance.powerState}`)?.(at);
    });
    const subscription = await observer.events.domainLifecycle({ onEvent: (event) => eventAt.set(event.dom.name, performance.now()) });
    const ready = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        const live = inventory.store.instances.list().filter((i) => names.includes(i.name) && i.powerState === 1);
        if (live.length === names.length) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    manager.start();
    await ready;

    const latencies: Latencies = { fromCommand: [], fromEvent: [] };
    for (let i = 0; i < changes; i++) {
      const name = names[i % names.length] as string;
      const suspend = Math.floor(i / names.length) % 2 === 0;
      const seen = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`change ${i} (${suspend ? 'suspend' : 'resume'} ${name}) not seen within 10 s`)), 10_000);
        waiters.set(`${name}:${suspend ? 3 : 1}`, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
      eventAt.delete(name);
      const sent = performance.now();
      shell.run(`${suspend ? 'suspend' : 'resume'} ${name}`);
      const at = await seen;
      waiters.clear();
      latencies.fromCommand.push(at - sent);
      const event = eventAt.get(name);
      if (event !== undefined) latencies.fromEvent.push(at - event);
    }
    await subscription.close();
    return latencies;
  } finally {
    await shell.close().catch(() => undefined);
    await manager.stop();
    feed.close();
    await observer.close();
    inventory.close();
    for (const name of names) {
      await virsh(lab, ['destroy', name], { host: 'test-default' }).catch(() => undefined);
      await virsh(lab, ['undefine', name], { host: 'test-default' }).catch(() => undefined);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Ratios of one host setup (peer time / our time). */
interface SetupRatios {
  readonly complete: number;
  readonly listOnly: number;
  readonly refresh: number;
}

/** Measure one host setup against the peer, alternating, and print its table. */
async function measureSetup(label: string, uris: readonly string[], total: number, reps: number): Promise<SetupRatios> {
  const ours: number[] = [];
  const oursRefresh: number[] = [];
  const peerComplete: number[] = [];
  const peerList: number[] = [];
  const peerOpen: number[] = [];
  const peerRefresh: number[] = [];
  await completeInventory(uris, total); // warm-up: daemon threads, page cache, JIT
  for (let rep = 0; rep < reps; rep++) {
    const peer = await runPeer(uris, 1);
    if (peer.domains !== total) throw new Error(`python saw ${peer.domains} domains, expected ${total}`);
    peerComplete.push(...peer.complete);
    peerList.push(...peer.listOnly);
    peerOpen.push(...peer.open);
    peerRefresh.push(...peer.refresh);
    const mine = await completeInventory(uris, total);
    ours.push(mine.complete);
    oursRefresh.push(mine.refresh);
  }
  const a = median(ours);
  const c = median(peerComplete);
  const l = median(peerList);
  const opening = median(peerOpen);
  const r = median(oursRefresh);
  const pr = median(peerRefresh);
  const perDomain = (ms: number) => `${((ms * 1000) / total).toFixed(1)} µs`;
  process.stdout.write(`\n${label}\n`);
  printTable(
    ['', 'time to a complete inventory', 'median', 'per domain', 'vs ours'],
    [
      ['(a)', `ours: ${uris.length} hosts in parallel, reconciled into SQLite`, formatMs(a), perDomain(a), '1.00×'],
      ['(b)', 'python3-libvirt: hosts one by one, stats + info() per domain', formatMs(c), perDomain(c), formatRatio(c, a)],
      ['', 'python3-libvirt: hosts one by one, stats only (no sizes)', formatMs(l), perDomain(l), formatRatio(l, a)],
      ['', `  of which in libvirt.open() (${formatMs(opening / uris.length)} per host)`, formatMs(opening), '', formatRatio(opening, a)],
      ['(c)', 'ours: steady refresh of every host (bulk stats + reconcile)', formatMs(r), perDomain(r), '1.00×'],
      ['(d)', 'python3-libvirt: steady refresh, hosts one by one (stats only)', formatMs(pr), perDomain(pr), formatRatio(pr, r)],
    ],
  );
  return { complete: c / a, listOnly: l / a, refresh: pr / r };
}

/** Run `work` while test:///default holds `count` extra domains (a third running, a third paused, a third shut off). */
async function withSharedDomains<T>(lab: LabInfo, count: number, work: (domainsPerHost: number) => Promise<T>): Promise<T> {
  const host = lab.hosts.find((h) => h.name === 'test-default');
  if (host === undefined) throw new Error('the lab has no test-default host');
  const conn = await connectLibvirt(host.unixUri);
  const prefix = uniqueName('bench-inv');
  const before = (await conn.domains.listAll()).length;
  try {
    const doms = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        conn.domains.define(`<domain type='test'><name>${prefix}-${i}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>`),
      ),
    );
    await Promise.all(doms.filter((_, i) => i % 3 !== 2).map((dom) => conn.domains.create(dom)));
    await Promise.all(doms.filter((_, i) => i % 3 === 1).map((dom) => conn.domains.suspend(dom)));
    // test:///default has domains of its own (libvirt's "test", what tests left): each host sees those too.
    return await work(count + before);
  } finally {
    const mine = (await conn.domains.listAll()).filter((dom) => dom.name.startsWith(`${prefix}-`));
    await Promise.all(mine.filter((dom) => dom.id !== -1).map((dom) => conn.domains.destroy(dom).catch(() => undefined)));
    await Promise.all(mine.map((dom) => conn.domains.undefine(dom).catch(() => undefined)));
    await conn.close();
  }
}

async function run(args: readonly string[]): Promise<void> {
  const o = parseArgs(args);
  const handle = await startLab();
  const lab = handle.info;
  const dir = mkdtempSync(join(os.tmpdir(), 'vd-bench-hosts-'));
  chmodSync(dir, 0o755); // libvirtd reads the node files itself
  try {
    const total = o.hosts * o.domains;
    process.stdout.write(`inventory benchmark: ${o.hosts} test-driver hosts × ${o.domains} domains (${total}) over the lab's unix socket; ${o.reps} repetitions, alternating with the peer\n`);
    const fileUris = Array.from({ length: o.hosts }, (_, h) => {
      const file = join(dir, `host${h}.xml`);
      writeFileSync(file, nodeXml(h, o.domains), { mode: 0o644 });
      return `test+unix://${file}?socket=${lab.libvirtSocket}`;
    });
    const files = await measureSetup('file hosts: test:///<node.xml> each', fileUris, total, o.reps);
    const shared = await withSharedDomains(lab, o.domains, async (perHost) => {
      const sharedUris = Array.from({ length: o.hosts }, (_, h) => {
        const link = join(dir, `sock${h}`);
        symlinkSync(lab.libvirtSocket, link);
        return `test+unix:///default?socket=${link}`;
      });
      return measureSetup(`shared hosts: test:///default (${perHost} domains), one socket link each`, sharedUris, o.hosts * perHost, o.reps);
    });

    const latency = await eventLatency(lab, o.changes);
    process.stdout.write('\n');
    const row = (label: string, values: readonly number[]) => [label, String(values.length), formatMs(percentile(values, 50)), formatMs(percentile(values, 95)), formatMs(Math.max(...values))];
    printTable(['event-to-inventory latency', 'changes', 'p50', 'p95', 'max'], [row('virsh command → change feed', latency.fromCommand), row('lifecycle event → change feed', latency.fromEvent)]);

    process.stdout.write(`\n${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(2)}\n`);
    for (const [label, m] of [['file hosts', files], ['shared hosts', shared]] as const) {
      printGoal(`${label}: complete inventory ≥ 5× faster than sequential python3-libvirt (same facts)`, m.complete >= 5, `${m.complete.toFixed(2)}× faster; ${m.listOnly.toFixed(2)}× vs list-only`);
    }
    process.stdout.write(`info: steady refresh of every host vs python3-libvirt one host at a time: ${shared.refresh.toFixed(2)}× (shared hosts), ${files.refresh.toFixed(2)}× (file hosts)\n`);
    const p95 = percentile(latency.fromCommand, 95);
    printGoal('event-to-inventory p95 ≤ 100 ms (from the virsh command)', p95 <= 100, formatMs(p95));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await handle.stop().catch((error: unknown) => process.stderr.write(`note: lab left running: ${error instanceof Error ? error.message : String(error)}\n`));
  }
}

/** The inventory benchmark (see the comment at the top of this file). */
export const benchmark: Benchmark = {
  description: 'time to a complete inventory of 20 × 500 test domains vs sequential python3-libvirt; event-to-inventory latency',
  run,
};
