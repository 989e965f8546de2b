import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { contract, events } from '../../common/contract/channels';
import type { Instance } from '../../common/contract/schemas';
import { createService } from '../../main/api/service';
import { createApp } from '../../main/app';
import { contractHandlers } from '../../main/app/handlers';
import { hostService } from '../../main/hosts';
import { openInventory } from '../../main/inventory';
import type { RpcChannel } from '../../main/libvirt';
import { Proc, encodeNonnullDomain } from '../../main/libvirt/generated/remote-protocol.gen';
import { encodeTypedParams, typedParam } from '../../main/libvirt/typed-params';
import { XdrReader, XdrWriter } from '../../main/libvirt/xdr';
import { inventoryTargets, StatsCollector } from '../../main/stats';
import { readRunningLab } from '../lab/status';
import { labHost } from '../lab/virsh';
import { printTable, type Benchmark } from './table';
import { parseBenchArgs } from './args';

/**
 * `npm run bench -- stats [--seconds N] [--rows N]`
 *
 * What live statistics cost main: CPU per second of wall time (process.cpuUsage over N seconds, default 30, minus
 * the same process idle over the same time) and the bytes per second of `stats.samples` as the web mode socket
 * would send them (JSON of the wire message).
 *
 * (1) A list showing N (default 500) rows at the summary level, all on one QEMU host: the host is in process and
 *     answers CONNECT_GET_ALL_DOMAIN_STATS with replies encoded beforehand with the fields the lab's QEMU gives for
 *     the state and cpu-total groups, so what is measured is ours — finding the instances in a real inventory,
 *     decoding, rates, batching, validation, JSON — and not the daemon's work, which happens on the host.
 * (2) One details view (1 s, every group) of the lab's real QEMU guest through the whole app, over the lab socket.
 */

interface Options {
  readonly seconds: number;
  readonly rows: number;
}

function parseArgs(args: readonly string[]): Options {
  return parseBenchArgs(args, { counts: { seconds: 30, rows: 500 } });
}

/** CPU ms main used per second of wall time while `seconds` pass. */
async function cpuPerSecond(seconds: number): Promise<number> {
  const before = process.cpuUsage();
  const start = performance.now();
  await sleep(seconds * 1000);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / ((performance.now() - start) / 1000);
}

/** A viewer that counts the bytes its events would take on the web mode socket. */
function countingViewer(service: { openViewer(listener: (event: string, payload: unknown) => void): { id: string; close(): void } }) {
  const counted = { bytes: 0, events: 0, samples: 0 };
  const viewer = service.openViewer((event, payload) => {
    counted.bytes += Buffer.byteLength(JSON.stringify({ type: 'event', event, payload }));
    counted.events += 1;
    counted.samples += (payload as { samples: unknown[] }).samples.length;
  });
  return { viewer, counted };
}

const uuidOf = (i: number): string => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/** Replies of a host running `rows` domains, one per round, each domain's CPU time moving. */
function encodedReplies(rows: number, rounds: number): Uint8Array[] {
  return Array.from({ length: rounds }, (_, round) => {
    const w = new XdrWriter();
    w.uint(rows);
    for (let i = 0; i < rows; i++) {
      encodeNonnullDomain(w, { name: `instance-${i.toString(16).padStart(8, '0')}`, uuid: uuidOf(i + 1), id: i + 1 });
      const cpu = BigInt(round) * BigInt(20_000_000 + (i % 50) * 1_000_000) + 10_000_000_000n;
      encodeTypedParams(w, [
        typedParam.int('state.state', 1),
        typedParam.int('state.reason', 1),
        typedParam.ullong('cpu.time', cpu),
        typedParam.ullong('cpu.user', (cpu * 8n) / 10n),
        typedParam.ullong('cpu.system', (cpu * 2n) / 10n),
        typedParam.uint('cpu.cache.monitor.count', 0),
        typedParam.ullong('cpu.haltpoll.success.time', 0n),
        typedParam.ullong('cpu.haltpoll.fail.time', 0n),
      ]);
    }
    return w.bytes().slice();
  });
}

/** A channel answering bulk stats with the next prepared reply, decoded as the RPC client decodes it. */
function syntheticHost(replies: readonly Uint8Array[]): RpcChannel {
  let next = 0;
  const channel: Pick<RpcChannel, 'call'> = {
    call<T>(proc: number, encode: ((w: XdrWriter) => void) | null, decode: ((r: XdrReader) => T) | null): Promise<T> {
      if (proc !== Proc.CONNECT_GET_ALL_DOMAIN_STATS || decode === null) return Promise.reject(new Error(`unexpected procedure ${proc}`));
      encode?.(new XdrWriter());
      const reader = new XdrReader(replies[Math.min(next++, replies.length - 1)] as Uint8Array);
      const value = decode(reader);
      reader.assertEnd('the bulk stats reply');
      return Promise.resolve(value);
    },
  };
  return channel as RpcChannel;
}

async function summaryRows(options: Options): Promise<string[]> {
  const intervalS = 2;
  const replies = encodedReplies(options.rows, Math.ceil(options.seconds / intervalS) + 4);
  // A real inventory holds the instances: finding each one's host and domain is part of the cost.
  const dataDir = mkdtempSync(join(tmpdir(), 'vd-bench-stats-'));
  const inventory = openInventory({ dataDir });
  const store = inventory.store;
  const hostId = store.hosts.insert({ name: 'synthetic', uri: 'qemu+ssh://root@synthetic/system' }).id;
  const admin = store.projects.getByName('admin')?.id ?? '';
  const uuids = Array.from(
    { length: options.rows },
    (_, i) => store.instances.insert({ name: `vm-${i}`, projectId: admin, hostId, vmState: 'active', vcpus: 2, ramMiB: 512, diskGiB: 1, libvirtDomainUuid: uuidOf(i + 1), libvirtDomainName: `instance-${i}` }).uuid,
  );
  const host = syntheticHost(replies);
  const collector = new StatsCollector({
    resolve: inventoryTargets(store),
    channel: () => Promise.resolve(host),
    deliver: (viewer, batch): boolean => service.emitTo(viewer, 'stats.samples', batch),
    log: () => undefined,
  });
  const service = createService(
    { contract, events },
    contractHandlers({ mode: 'web', dataDir, electronVersion: null, libvirtSocketPaths: [], inventory: () => inventory, stats: collector }),
  );
  const idle = await cpuPerSecond(options.seconds);
  const { viewer, counted } = countingViewer(service);
  const watched = await service.call('stats.watch', { level: 'summary', uuids }, { transport: 'in-process', viewer: viewer.id });
  if (!watched.ok) throw new Error(watched.error.message);
  await sleep(intervalS * 1000); // past the baseline round
  const start = counted.bytes;
  const busy = await cpuPerSecond(options.seconds);
  const bytes = (counted.bytes - start) / options.seconds;
  collector.close();
  inventory.close();
  rmSync(dataDir, { recursive: true, force: true });
  return [`${options.rows} list rows (summary, 2 s), synthetic QEMU host`, ms(busy - idle), ms(idle), kib(bytes), `${counted.events} / ${counted.samples}`];
}

async function oneDetailView(options: Options): Promise<string[] | string> {
  const lab = await readRunningLab();
  if (lab === null) return 'the lab is not up (VIRT_DECK_LAB_DIR=… npm run lab -- up): the details view on the real guest was not measured';
  const dataDir = mkdtempSync(join(tmpdir(), 'vd-bench-stats-'));
  const seed = openInventory({ dataDir });
  hostService(seed.store).add({ name: 'qemu', uri: labHost(lab, 'qemu').unixUri });
  seed.close();
  const app = createApp({ mode: 'web', dataDir, libvirtSocketPaths: [], connectHosts: true, log: () => undefined });
  try {
    await app.hostsStarted;
    let guest: Instance | undefined;
    for (let i = 0; i < 300 && guest === undefined; i++) {
      const listed = await app.service.call('instances.list', {}, { transport: 'in-process' });
      guest = listed.ok ? (listed.value as Instance[]).find((instance) => instance.libvirtDomainName === lab.guest.name) : undefined;
      if (guest === undefined) await sleep(100);
    }
    if (guest === undefined) return 'the lab guest never showed in the inventory';
    const idle = await cpuPerSecond(options.seconds);
    const { viewer, counted } = countingViewer(app.service);
    const watched = await app.service.call('stats.watch', { level: 'detail', uuids: [guest.uuid] }, { transport: 'in-process', viewer: viewer.id });
    if (!watched.ok) throw new Error(watched.error.message);
    await sleep(1000);
    const start = counted.bytes;
    const busy = await cpuPerSecond(options.seconds);
    const bytes = (counted.bytes - start) / options.seconds;
    viewer.close();
    return ['1 details view (detail, 1 s), lab QEMU guest', ms(busy - idle), ms(idle), kib(bytes), `${counted.events} / ${counted.samples}`];
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const ms = (value: number): string => `${value.toFixed(2)} ms`;
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KiB/s`;

export const benchmark: Benchmark = {
  description: 'live stats: main CPU and stats.samples bytes per second for 500 list rows and one details view',
  async run(args) {
    const options = parseArgs(args);
    process.stdout.write(`Measuring ${options.seconds} s idle, then ${options.seconds} s watching, for each case…\n`);
    const rows = [await summaryRows(options)];
    const detail = await oneDetailView(options);
    if (typeof detail === 'string') process.stdout.write(`(${detail})\n`);
    else rows.push(detail);
    printTable(['case', 'main CPU per s (over idle)', 'idle CPU per s', 'stats.samples', 'events / samples'], rows);
  },
};
