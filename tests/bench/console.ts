import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { WebSocket } from 'ws';
import { consoleTestIds } from '../../renderer/features/console/test-ids';
import { testIds } from '../../renderer/testIds';
import { labHost, startLab, virsh, type LabInfo } from '../lab';
import { startWebModeChild } from '../e2e/web-mode';
import { formatMs, formatRatio, median, printGoal, printTable, type Benchmark } from './table';
import { parseBenchArgs } from './args';

/**
 * `npm run bench -- console [--mib N] [--pings N] [--clicks N] [--no-browser]`
 *
 * In one run, the same upstreams relayed by Virt Deck's console proxy (web mode's `/console` WebSocket, in a process
 * of its own) and by Debian's websockify:
 *   (a) throughput: N MiB (default 256) streamed by a bulk server, through each relay, 5 rounds alternating, and
 *       the CPU time each relay process spent per GiB relayed (robust to the machine's load, which the rates are not);
 *   (b) added latency: round trips of 32-byte messages to an echo server (default 2000), through each relay and
 *       straight over TCP; added = relay p50 − direct p50;
 *   (c) the lab guest's real VNC server: full raw framebuffer updates for 3 s through each relay (QEMU paces them);
 *   (d) double-click to first painted frame in Chromium, on the lab guest reached on this machine and over SSH,
 *       median of N (default 10), with the steps in between (where the time goes).
 * Goals: (a) ≥ 1.5× websockify, (b) < 1 ms added at p50, (d) ≤ 500 ms local, ≤ 1 s over SSH.
 */

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '..', '..');
const ROUNDS = 5;
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

interface Options {
  readonly mib: number;
  readonly pings: number;
  readonly clicks: number;
  readonly browser: boolean;
}

function parseArgs(args: readonly string[]): Options {
  const o = parseBenchArgs(args, { counts: { mib: 256, pings: 2000, clicks: 10 }, flags: ['no-browser'] });
  return { mib: o.mib, pings: o.pings, clicks: o.clicks, browser: !o['no-browser'] };
}

// ---- processes --------------------------------------------------------------------------------------------------

/** A child speaking one JSON line first, then lines on request. */
interface LineChild {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: Interface;
  next(): Promise<string>;
  stop(): Promise<void>;
}

async function startLineChild(command: string, args: readonly string[]): Promise<LineChild> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => {
    const wake = waiting.shift();
    if (wake) wake(line);
    else queue.push(line);
  });
  const next = (): Promise<string> =>
    queue.length > 0
      ? Promise.resolve(queue.shift()!)
      : new Promise((resolve, reject) => {
          waiting.push(resolve);
          child.once('exit', (code) => reject(new Error(`${command} exited (${code}): ${stderr}`)));
        });
  return {
    child,
    lines,
    next,
    async stop() {
      if (child.exitCode !== null) return;
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await once(child, 'exit');
      clearTimeout(timer);
    },
  };
}

/** websockify relaying one target, on a port of its own. */
async function startWebsockify(target: number): Promise<{ port: number; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('/usr/bin/websockify', [`127.0.0.1:${port}`, `127.0.0.1:${target}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (let i = 0; i < 100; i++) {
    if (await canConnect(port)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  await once(server, 'close');
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// ---- relays ------------------------------------------------------------------------------------------------------

/** A way to reach an upstream port through WebSocket binary frames. */
interface Relay {
  readonly name: string;
  open(upstream: number): Promise<WebSocket>;
  /** CPU seconds the relay's processes used so far (children it reaped included). */
  cpuSeconds(): number;
}

/** utime + stime + cutime + cstime of a process, in seconds (/proc/<pid>/stat). */
function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14–17 of stat(5), counted from after the command name (which starts at field 3).
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / CLOCK_TICKS;
}

/** Virt Deck's console proxy: a contract session for the tokens, then one `/console` socket per console. */
async function virtDeckRelay(): Promise<{ relay: Relay; stop(): Promise<void> }> {
  const proxy = await startLineChild(process.execPath, ['--import', 'tsx', join(here, 'peers', 'console-proxy.ts')]);
  const { port, secret, instance } = JSON.parse(await proxy.next()) as { port: number; secret: string; instance: string };
  const origin = `http://127.0.0.1:${port}`;
  const contract = new WebSocket(`ws://127.0.0.1:${port}/api`, { origin });
  await once(contract, 'open');
  contract.send(JSON.stringify({ type: 'hello', protocol: 1, secret }));
  const [welcome] = (await once(contract, 'message')) as [Buffer];
  const session = (JSON.parse(welcome.toString()) as { session: string }).session;
  const relay: Relay = {
    name: 'Virt Deck',
    async open(upstream) {
      proxy.child.stdin.write(`issue ${session} ${upstream}\n`);
      const token = await proxy.next();
      const ws = new WebSocket(`ws://127.0.0.1:${port}/console`, { origin, perMessageDeflate: false });
      await once(ws, 'open');
      ws.send(JSON.stringify({ type: 'hello', protocol: 1, secret, session, token, instance }));
      const [ready, isBinary] = (await once(ws, 'message')) as [Buffer, boolean];
      if (isBinary || ready.toString() !== '{"type":"ready"}') throw new Error(`no ready from the proxy: ${ready.toString()}`);
      return ws;
    },
    cpuSeconds: () => processCpuSeconds(proxy.child.pid!),
  };
  return {
    relay,
    async stop() {
      contract.close();
      await proxy.stop();
    },
  };
}

/** websockify: one process per upstream (started on first use). */
function websockifyRelay(): { relay: Relay; stop(): Promise<void> } {
  const running = new Map<number, { port: number; pid: number; stop(): Promise<void> }>();
  return {
    relay: {
      name: 'websockify',
      async open(upstream) {
        let proxy = running.get(upstream);
        if (proxy === undefined) {
          proxy = await startWebsockify(upstream);
          running.set(upstream, proxy);
        }
        const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/`, ['binary'], { perMessageDeflate: false });
        await once(ws, 'open');
        return ws;
      },
      // websockify forks a process per connection; the parent reaps it, so its time lands in the parent's cutime.
      cpuSeconds: () => [...running.values()].reduce((sum, proxy) => sum + processCpuSeconds(proxy.pid), 0),
    },
    async stop() {
      await Promise.all([...running.values()].map((proxy) => proxy.stop()));
    },
  };
}

// ---- measurements ------------------------------------------------------------------------------------------------

async function closeSocket(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return;
  const closed = once(ws, 'close');
  // With a code: websockify 0.10 echoes a close without one as 1005, which may not be sent on the wire.
  ws.close(1000, 'done');
  await closed;
}

/** Bytes per second streaming `bytes` from the bulk server through `ws`. */
async function throughput(ws: WebSocket, bytes: number): Promise<number> {
  let received = 0;
  const done = new Promise<void>((resolve) => {
    ws.on('message', (data: Buffer) => {
      received += data.length;
      if (received >= bytes) resolve();
    });
  });
  const request = Buffer.alloc(4);
  request.writeUInt32BE(bytes);
  const start = process.hrtime.bigint();
  ws.send(request);
  await done;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return bytes / seconds;
}

/** Round-trip times (ms) of `count` 32-byte messages, one after another, after 200 untimed. */
async function roundTrips(send: (data: Buffer) => void, onData: (listener: (data: Buffer) => void) => void, count: number): Promise<number[]> {
  const message = Buffer.alloc(32, 0x61);
  let pending: { got: number; resolve: () => void } | null = null;
  onData((data) => {
    if (pending === null) return;
    pending.got += data.length;
    if (pending.got >= message.length) {
      const { resolve } = pending;
      pending = null;
      resolve();
    }
  });
  const times: number[] = [];
  for (let i = 0; i < count + 200; i++) {
    const start = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      pending = { got: 0, resolve };
      send(message);
    });
    if (i >= 200) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A byte queue over a WebSocket, for the RFB client. */
class ByteReader {
  private buffer: Buffer = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  total = 0;
  constructor(ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.total += data.length;
      this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
      this.wake?.();
    });
  }
  async read(n: number): Promise<Buffer> {
    while (this.buffer.length < n) await new Promise<void>((resolve) => (this.wake = resolve));
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }
}

/** A minimal RFB client: no security, raw encoding, full-screen updates for `seconds`; bytes/s and updates/s. */
async function vncRawUpdates(ws: WebSocket, seconds: number): Promise<{ bytesPerSecond: number; updatesPerSecond: number; size: string }> {
  const reader = new ByteReader(ws);
  await reader.read(12);
  ws.send(Buffer.from('RFB 003.008\n'));
  const count = (await reader.read(1))[0]!;
  const types = [...(await reader.read(count))];
  if (!types.includes(1)) throw new Error(`the VNC server wants authentication (${types.join(',')})`);
  ws.send(Buffer.from([1]));
  if ((await reader.read(4)).readUInt32BE(0) !== 0) throw new Error('VNC security handshake failed');
  ws.send(Buffer.from([1]));
  const init = await reader.read(24);
  const width = init.readUInt16BE(0);
  const height = init.readUInt16BE(2);
  const bpp = init[4]! / 8;
  await reader.read(init.readUInt32BE(20));
  ws.send(Buffer.from([2, 0, 0, 1, 0, 0, 0, 0])); // SetEncodings: Raw only
  const request = Buffer.from([3, 0, 0, 0, 0, 0, width >> 8, width & 255, height >> 8, height & 255]);
  const start = process.hrtime.bigint();
  const bytesAtStart = reader.total;
  let updates = 0;
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    ws.send(request);
    const header = await reader.read(4);
    if (header[0] !== 0) throw new Error(`unexpected VNC message type ${header[0]}`);
    for (let rects = header.readUInt16BE(2); rects > 0; rects--) {
      const rect = await reader.read(12);
      const w = rect.readUInt16BE(4);
      const h = rect.readUInt16BE(6);
      if (rect.readInt32BE(8) === 0) await reader.read(w * h * bpp);
    }
    updates += 1;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return { bytesPerSecond: (reader.total - bytesAtStart) / elapsed, updatesPerSecond: updates / elapsed, size: `${width}×${height}×${bpp * 8}` };
}

const mibps = (bytesPerSecond: number): string => `${(bytesPerSecond / 1024 / 1024).toFixed(0)} MiB/s`;

// ---- double-click to first frame --------------------------------------------------------------------------------

interface Timings {
  viewer: number;
  token: number;
  channel: number;
  connected: number;
  firstFrame: number;
}

async function doubleClickTimings(page: Page, url: string, hostName: string, guestName: string, clicks: number): Promise<{ cold: Timings; warm: Timings[] }> {
  await page.goto(url);
  await page.getByTestId(testIds.connectionStatus).and(page.locator('[data-state=connected]')).waitFor();
  await page.getByTestId(testIds.navItem('instances')).click();
  const row = page.locator('tbody tr', { hasText: guestName }).filter({ hasText: hostName });
  await row.getByTestId(testIds.instanceStatus).and(page.getByText('ACTIVE', { exact: true })).waitFor({ timeout: 60_000 });
  const results: Timings[] = [];
  for (let i = 0; i <= clicks; i++) {
    await row.dblclick();
    const state = page.locator(`[data-testid=${consoleTestIds.state}][data-first-frame-ms]`);
    await state.waitFor({ timeout: 30_000 });
    const data = await state.evaluate((element) => ({ ...(element as HTMLElement).dataset }));
    results.push({
      viewer: Number(data['viewerMs']),
      token: Number(data['tokenMs']),
      channel: Number(data['channelMs']),
      connected: Number(data['connectedMs']),
      firstFrame: Number(data['firstFrameMs']),
    });
    await page.locator(`[data-testid^="console-tab-close-"]`).click();
    await page.locator(`[data-testid=${consoleTestIds.tabs}]`).waitFor({ state: 'detached' });
    // Let main close the tunnel before the next one (as a person's next double-click would).
    await page.waitForTimeout(300);
  }
  const [cold, ...warm] = results;
  return { cold: cold!, warm };
}

function stepRow(label: string, runs: readonly Timings[]): string[] {
  const m = (pick: (t: Timings) => number) => median(runs.map(pick));
  const viewer = m((t) => t.viewer);
  const token = m((t) => t.token);
  const channel = m((t) => t.channel);
  const connected = m((t) => t.connected);
  const frame = m((t) => t.firstFrame);
  return [label, formatMs(viewer), formatMs(token - viewer), formatMs(channel - token), formatMs(connected - channel), formatMs(frame - connected), formatMs(frame)];
}

// ---- run ---------------------------------------------------------------------------------------------------------

async function run(args: readonly string[]): Promise<void> {
  const options = parseArgs(args);
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const lab = await startLab();
  const upstream = await startLineChild(process.execPath, [join(here, 'peers', 'console-upstream.mjs')]);
  const ports = JSON.parse(await upstream.next()) as { bulk: number; echo: number };
  const ours = await virtDeckRelay();
  const peer = websockifyRelay();
  const relays = [ours.relay, peer.relay];
  try {
    process.stdout.write(`console relays: ${options.mib} MiB bulk, ${options.pings} round trips, the lab guest's VNC (load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)})\n\n`);
    const bytes = options.mib * 1024 * 1024;
    const rates = new Map<string, number[]>(relays.map((r) => [r.name, []]));
    const cpu = new Map<string, number>(relays.map((r) => [r.name, 0]));
    // One untimed round each first: JIT warm-up in our proxy, websockify's first fork.
    for (const relay of relays) {
      const ws = await relay.open(ports.bulk);
      await throughput(ws, Math.min(bytes, 64 * 1024 * 1024));
      await closeSocket(ws);
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const relay of round % 2 === 0 ? relays : [...relays].reverse()) {
        const ws = await relay.open(ports.bulk);
        const before = relay.cpuSeconds();
        rates.get(relay.name)!.push(await throughput(ws, bytes));
        await closeSocket(ws);
        // websockify's per-connection process must have exited and been reaped for its time to count.
        await new Promise((resolve) => setTimeout(resolve, 300));
        cpu.set(relay.name, cpu.get(relay.name)! + relay.cpuSeconds() - before);
      }
    }
    const rtts = new Map<string, number[]>();
    for (const relay of relays) {
      const ws = await relay.open(ports.echo);
      rtts.set(relay.name, await roundTrips((data) => ws.send(data), (listener) => ws.on('message', listener), options.pings));
      await closeSocket(ws);
    }
    const direct: Socket = netConnect(ports.echo, '127.0.0.1');
    direct.setNoDelay(true);
    await once(direct, 'connect');
    const directRtts = await roundTrips((data) => direct.write(data), (listener) => direct.on('data', listener), options.pings);
    direct.destroy();
    const vncPort = Number(/:(\d+)$/.exec(await virsh(lab.info, ['vncdisplay', lab.info.guest.name]))?.[1] ?? -1) + 5900;
    const vnc = new Map<string, Awaited<ReturnType<typeof vncRawUpdates>>>();
    for (const relay of relays) {
      const ws = await relay.open(vncPort);
      vnc.set(relay.name, await vncRawUpdates(ws, 3));
      await closeSocket(ws);
    }

    const directP50 = percentile(directRtts, 50);
    printTable(
      ['Relay', 'Bulk throughput', 'CPU per GiB', 'RTT p50', 'RTT p99', 'Added p50', `QEMU VNC raw (${vnc.get('Virt Deck')!.size})`],
      [
        ...relays.map((relay) => {
          const rtt = rtts.get(relay.name)!;
          const frames = vnc.get(relay.name)!;
          const cpuPerGiB = cpu.get(relay.name)! / ((ROUNDS * bytes) / 1024 ** 3);
          return [relay.name, mibps(median(rates.get(relay.name)!)), `${cpuPerGiB.toFixed(2)} s`, formatMs(percentile(rtt, 50)), formatMs(percentile(rtt, 99)), formatMs(percentile(rtt, 50) - directP50), `${mibps(frames.bytesPerSecond)}, ${frames.updatesPerSecond.toFixed(1)} updates/s`];
        }),
        ['direct TCP (no relay)', '', '', formatMs(directP50), formatMs(percentile(directRtts, 99)), '', ''],
      ],
    );
    const ourRate = median(rates.get('Virt Deck')!);
    const peerRate = median(rates.get('websockify')!);
    const added = percentile(rtts.get('Virt Deck')!, 50) - directP50;
    const ourCpu = cpu.get('Virt Deck')!;
    const peerCpu = cpu.get('websockify')!;
    process.stdout.write(`\nthroughput Virt Deck / websockify: ${formatRatio(ourRate, peerRate)} (CPU per byte: ${formatRatio(ourCpu, peerCpu)} of websockify's); added latency p50: Virt Deck ${formatMs(added)}, websockify ${formatMs(percentile(rtts.get('websockify')!, 50) - directP50)}\n`);
    printGoal('throughput ≥ 1.5× websockify', ourRate >= 1.5 * peerRate, formatRatio(ourRate, peerRate));
    printGoal('added latency < 1 ms at p50', added < 1, formatMs(added));
  } finally {
    await ours.stop();
    await peer.stop();
    await upstream.stop();
  }
  if (options.browser) await firstFrames(lab.info, options.clicks);
  await lab.stop();
}

/** (d): double-click to first frame, local and over SSH, in one web mode holding the lab's QEMU host both ways. */
async function firstFrames(lab: LabInfo, clicks: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-bench-frames-'));
  const cli = (name: string, uri: string) => spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.mjs'), '--data-dir', dataDir, 'host', 'add', name, uri], { cwd: ROOT, stdio: 'ignore' });
  cli('lab-local', labHost(lab, 'qemu').unixUri);
  cli('lab-ssh', labHost(lab, 'qemu').sshUri);
  const server = await startWebModeChild(dataDir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const local = await doubleClickTimings(page, server.url, 'lab-local', lab.guest.name, clicks);
    const ssh = await doubleClickTimings(page, server.url, 'lab-ssh', lab.guest.name, clicks);
    process.stdout.write(`\ndouble-click to first painted frame, ${lab.guest.name} (median of ${clicks}; steps are medians of each step)\n\n`);
    printTable(
      ['Host reached', 'click → viewer', '→ token', '→ tunnel open', '→ VNC handshake', '→ first frame', 'total'],
      [stepRow('this machine (unix)', local.warm), stepRow('over SSH', ssh.warm), stepRow('first click after load, local', [local.cold])],
    );
    const localMedian = median(local.warm.map((t) => t.firstFrame));
    const sshMedian = median(ssh.warm.map((t) => t.firstFrame));
    printGoal('double-click to first frame ≤ 500 ms, local (median)', localMedian <= 500, formatMs(localMedian));
    printGoal('double-click to first frame ≤ 1 s, over SSH (median)', sshMedian <= 1000, formatMs(sshMedian));
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The console benchmark. */
export const benchmark: Benchmark = {
  description: 'console proxy vs websockify (throughput, added latency, real VNC), double-click to first frame local/SSH',
  run,
};
