import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startWebServer, type WebServer } from '../../main/server/web-server';
import { startLab } from '../lab';
import { formatMs, formatRatio, median, printGoal, printTable, type Benchmark } from './table';
import { startFleet } from './ui/fleet';
import { defineLatencyDomains, measureStateChanges, type StateChangeLatencies } from './ui/latency';
import { heapAfterGc, keystrokeTimes, scrollFrames, timeFirstRows, timeOpenOnList, watchKeystrokes, type ScrollFrames } from './ui/page-probes';
import { buildPeerRenderer, PEER_COMMIT, ROOT } from './ui/peer-renderer';
import { cpuBetweenMarks, cpuPerFrame, traceMainThread } from './ui/trace';
import { parseBenchArgs } from './args';

/**
 * `npm run bench -- ui [--instances N] [--hosts N] [--reps N] [--rounds N] [--frames N] [--peer COMMIT]`
 *
 * The Instances list with N (default 10 000) instances from test-driver hosts (private `test:///<file>.xml` nodes on the
 * lab's libvirtd, plus the lab's test-default), main in-process with live hosts, served in web mode, measured in
 * Debian's Chromium (headless, software rendering, 1280×800) through Playwright. Two UIs on the same main in the same
 * run, alternating, each repetition in a fresh browser context:
 *   - ours: the virtual list (dist/renderer, built when stale);
 *   - the peer: the list before it, every row in the DOM (the renderer of --peer, default the branch point, built from
 *     git into a temporary directory).
 * Figures: first render (opening the app on the list: reload → first row painted, fetch included; a click on
 * Instances right after connecting; and once the list is in the store), a search keystroke (keydown → the filtered list painted; the peer has no search box), scrolling (each
 * frame's time while scrolling 120 px a frame for --frames frames, and while jumping to random places), the JS heap
 * after a GC and the DOM size — each as the clock saw it and as the page's main thread spent it (thread CPU time from
 * a Chromium trace, which a loaded machine does not inflate by the time spent waiting for a core); then end to end, `virsh start`/`virsh destroy` on test-default → the row painted with the new
 * Status, over `--rounds` rounds of 3 domains. Goals: first render ≤ 300 ms, keystroke ≤ 50 ms, scroll frames ≤ 16 ms
 * at p95, heap ≤ 150 MB, state change → row ≤ 100 ms at p95 for starts and stops alike.
 */

interface Options {
  readonly instances: number;
  readonly hosts: number;
  readonly reps: number;
  readonly rounds: number;
  /** Frames of smooth scrolling per repetition (jumps: a quarter of it). */
  readonly frames: number;
  readonly peer: string;
}

function parseArgs(args: readonly string[]): Options {
  const o = parseBenchArgs(args, { counts: { instances: 10_000, hosts: 4, reps: 5, rounds: 4, frames: 120 }, strings: { peer: PEER_COMMIT } });
  if (!/^[\w./-]+$/.test(o.peer)) throw new Error('--peer needs a commit');
  return o;
}

/** Which UI: ours, or the peer. */
type Ui = 'ours' | 'peer';

/** A figure as the clock saw it and as the page's main thread spent it (thread CPU time, from a trace). */
interface Timed<T> {
  readonly wall: T;
  readonly cpu: T;
}

/** What one repetition measured on one UI (ms unless said). */
interface UiRun {
  /** Reload while on the list → first row painted, from the navigation's start (ours only: the old app opens on the Overview). */
  readonly open: Timed<number> | null;
  readonly cold: Timed<number>;
  readonly warm: Timed<number>;
  /** Keydown → painted, per keystroke (empty for the peer: no search box). */
  readonly keystrokes: Timed<number[]>;
  /** Per frame. */
  readonly scroll: Timed<number[]> & { readonly intervals: number[] };
  readonly jump: Timed<number[]>;
  readonly heap: number;
  readonly elements: number;
}

const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** What is typed into the search box, then erased one key at a time. */
const TYPED = 'vm-1-12';

/** The element that scrolls the list: our grid, or the peer's whole content area. */
const SCROLLER: Readonly<Record<Ui, string>> = { ours: '[data-testid="instances-table"]', peer: 'main.content' };

async function openConnected(browser: Browser, server: WebServer) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // tsx (esbuild) names functions through a `__name` helper; the probes run in the page, where it must exist too.
  await context.addInitScript({ content: 'window.__name = (fn) => fn;' });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
  return { context, page };
}

async function measureUi(browser: Browser, server: WebServer, ui: Ui, frames: number): Promise<UiRun> {
  const { context, page } = await openConnected(browser, server);
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  const render = async (): Promise<Timed<number>> => {
    const { result, trace } = await traceMainThread(browser, page, () => timeFirstRows(page, 'nav-instances'));
    return { wall: result, cpu: sum(cpuBetweenMarks(trace, 'vd-render-start', 'vd-render-end')) };
  };
  const scroll = async (step: number, frames: number): Promise<{ frames: ScrollFrames; cpu: number[] }> => {
    const { result, trace } = await traceMainThread(browser, page, () => scrollFrames(page, SCROLLER[ui], step, frames));
    return { frames: result, cpu: cpuPerFrame(trace, 'vd-frame') };
  };
  try {
    const cold = await render();
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('screen-overview').waitFor();
    const warm = await render();
    let keystrokes: Timed<number[]> = { wall: [], cpu: [] };
    if (ui === 'ours') {
      await page.getByTestId('instances-search').click();
      await watchKeystrokes(page);
      const { result, trace } = await traceMainThread(browser, page, async () => {
        for (const key of [...TYPED, ...Array.from(TYPED, () => 'Backspace')]) {
          await page.keyboard.press(key);
          await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        }
        return keystrokeTimes(page, TYPED.length * 2);
      });
      keystrokes = { wall: result, cpu: cpuBetweenMarks(trace, 'vd-key-start', 'vd-key-end') };
      await page.getByTestId('instances-table').focus();
    }
    const smooth = await scroll(120, frames);
    const jump = await scroll(0, Math.max(10, Math.round(frames / 4)));
    const { heap, elements } = await heapAfterGc(page);
    let open: Timed<number> | null = null;
    if (ui === 'ours') {
      const { result, trace } = await traceMainThread(browser, page, () => timeOpenOnList(page));
      open = { wall: result, cpu: sum(cpuBetweenMarks(trace, 'vd-open-start', 'vd-open-end')) };
    }
    return {
      open,
      cold,
      warm,
      keystrokes,
      scroll: { wall: smooth.frames.work, cpu: smooth.cpu, intervals: smooth.frames.intervals },
      jump: { wall: jump.frames.work, cpu: jump.cpu },
      heap,
      elements,
    };
  } finally {
    await context.close();
  }
}

/** Open the Instances list, wait for the rows of `uuids`, and run the state changes on that page. */
async function measureLatency(browser: Browser, server: WebServer, uuids: readonly string[], run: (page: Page) => Promise<StateChangeLatencies>): Promise<StateChangeLatencies> {
  const { context, page } = await openConnected(browser, server);
  try {
    await page.getByTestId('nav-instances').click();
    for (const uuid of uuids) await page.getByTestId(`instance-row-${uuid}`).waitFor({ state: 'attached', timeout: 30_000 });
    return await run(page);
  } finally {
    await context.close();
  }
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const all = (runs: readonly UiRun[], pick: (run: UiRun) => readonly number[]) => runs.flatMap((run) => [...pick(run)]);

async function run(args: readonly string[]): Promise<void> {
  const o = parseArgs(args);
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);
  process.stdout.write(`building the peer renderer (${o.peer.slice(0, 12)}) …\n`);
  const peerBuild = await buildPeerRenderer(o.peer);
  const handle = await startLab();
  const lab = handle.info;
  const servers: WebServer[] = [];
  let browser: Browser | undefined;
  let fleet: Awaited<ReturnType<typeof startFleet>> | undefined;
  let domains: Awaited<ReturnType<typeof defineLatencyDomains>> | undefined;
  try {
    process.stdout.write(`reconciling ${o.instances} test-driver domains on ${o.hosts} hosts into a fresh inventory …\n`);
    fleet = await startFleet(lab, o.instances, o.hosts);
    const ours = await startWebServer({ service: fleet.app.service, staticDir: join(ROOT, 'dist', 'renderer') });
    servers.push(ours);
    const peer = await startWebServer({ service: fleet.app.service, staticDir: peerBuild.staticDir });
    servers.push(peer);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const version = browser.version();
    process.stdout.write(`ui benchmark: ${fleet.instances} instances (${o.instances} on ${o.hosts} test-driver hosts, the rest on test-default), web mode, Chromium ${version} headless at 1280×800; ${o.reps} repetitions, alternating\n`);

    await measureUi(browser, ours, 'ours', o.frames); // warm-up: page cache, JIT, main's query plans
    await measureUi(browser, peer, 'peer', o.frames);
    const runs: Record<Ui, UiRun[]> = { ours: [], peer: [] };
    for (let rep = 0; rep < o.reps; rep++) {
      const order: Ui[] = rep % 2 === 0 ? ['ours', 'peer'] : ['peer', 'ours'];
      for (const ui of order) runs[ui].push(await measureUi(browser, ui === 'ours' ? ours : peer, ui, o.frames));
    }

    domains = await defineLatencyDomains(lab, 3);
    const chosen = domains;
    const latency: Record<Ui, StateChangeLatencies> = {
      ours: await measureLatency(browser, ours, chosen.uuids, (page) => measureStateChanges(page, lab, chosen, o.rounds)),
      peer: await measureLatency(browser, peer, chosen.uuids, (page) => measureStateChanges(page, lab, chosen, o.rounds)),
    };

    const m = (ui: Ui, pick: (run: UiRun) => number) => median(runs[ui].map(pick));
    const p = (ui: Ui, pick: (run: UiRun) => readonly number[], q: number) => percentile(all(runs[ui], pick), q);
    const over16 = (ui: Ui, pick: (run: UiRun) => readonly number[]) => {
      const frames = all(runs[ui], pick);
      return `${((100 * frames.filter((t) => t > 16).length) / frames.length).toFixed(1)} %`;
    };
    const row = (label: string, ours: number, peer: number, format: (v: number) => string = formatMs): string[] => [
      label,
      Number.isNaN(ours) ? 'n/a' : format(ours),
      Number.isNaN(peer) ? 'n/a' : format(peer),
      Number.isNaN(ours) || Number.isNaN(peer) ? '' : formatRatio(peer, ours),
    ];
    /** One row of a percentile of both UIs. */
    const rowAt = (label: string, pick: (run: UiRun) => readonly number[], q: number): string[] => row(`${label}, p${q}`, p('ours', pick, q), p('peer', pick, q));
    const keys = all(runs.ours, (r) => r.keystrokes.wall);
    process.stdout.write('\nwall: as the clock saw it (includes waiting for a core on a loaded machine); cpu: the page main thread\'s own CPU time (trace thread time)\n');
    printTable(
      ['', 'virtual list (ours)', `old list (${o.peer.slice(0, 7)})`, 'old / ours'],
      [
        row('open the app on the list: reload → first row painted (load, connect, fetch, render), wall, median', m('ours', (r) => r.open?.wall ?? Number.NaN), Number.NaN),
        row('open the app on the list, cpu, median', m('ours', (r) => r.open?.cpu ?? Number.NaN), Number.NaN),
        row('first render right after connecting: click → first row painted, wall, median', m('ours', (r) => r.cold.wall), m('peer', (r) => r.cold.wall)),
        row('first render right after connecting, cpu, median', m('ours', (r) => r.cold.cpu), m('peer', (r) => r.cold.cpu)),
        row('first render, warm: rows already in the store, wall, median', m('ours', (r) => r.warm.wall), m('peer', (r) => r.warm.wall)),
        row('first render, warm, cpu, median', m('ours', (r) => r.warm.cpu), m('peer', (r) => r.warm.cpu)),
        row(`search keystroke: keydown → list painted, wall, p50 (${keys.length} keys)`, percentile(keys, 50), Number.NaN),
        row('search keystroke, wall, p95', percentile(keys, 95), Number.NaN),
        row('search keystroke, cpu, p95', p('ours', (r) => r.keystrokes.cpu, 95), Number.NaN),
        rowAt('scroll 120 px/frame: time per frame, wall', (r) => r.scroll.wall, 50),
        rowAt('scroll 120 px/frame: time per frame, wall', (r) => r.scroll.wall, 95),
        rowAt('scroll 120 px/frame: time per frame, cpu', (r) => r.scroll.cpu, 95),
        rowAt('scroll 120 px/frame: frame interval', (r) => r.scroll.intervals, 95),
        ['scroll 120 px/frame: frames over 16 ms, wall / cpu', `${over16('ours', (r) => r.scroll.wall)} / ${over16('ours', (r) => r.scroll.cpu)}`, `${over16('peer', (r) => r.scroll.wall)} / ${over16('peer', (r) => r.scroll.cpu)}`, ''],
        rowAt('jump to a random place: time per frame, wall', (r) => r.jump.wall, 95),
        rowAt('jump to a random place: time per frame, cpu', (r) => r.jump.cpu, 95),
        row('JS heap after GC, median', m('ours', (r) => r.heap), m('peer', (r) => r.heap), mib),
        row('DOM elements, median', m('ours', (r) => r.elements), m('peer', (r) => r.elements), (v) => String(Math.round(v))),
        row(`virsh start → row painted ACTIVE, p50 (${latency.ours.start.length} starts)`, percentile(latency.ours.start, 50), percentile(latency.peer.start, 50)),
        row('virsh start → row painted ACTIVE, p95', percentile(latency.ours.start, 95), percentile(latency.peer.start, 95)),
        row(`virsh destroy → row painted SHUTOFF, p50 (${latency.ours.stop.length} stops)`, percentile(latency.ours.stop, 50), percentile(latency.peer.stop, 50)),
        row('virsh destroy → row painted SHUTOFF, p95', percentile(latency.ours.stop, 95), percentile(latency.peer.stop, 95)),
      ],
    );

    process.stdout.write(`\n${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (the run's wall times include waiting for a core)\n`);
    const warm = m('ours', (r) => r.warm.wall);
    const open = m('ours', (r) => r.open?.wall ?? Number.NaN);
    printGoal('first render of the list ≤ 300 ms (wall; switching to it once the app is open)', warm <= 300, `${formatMs(warm)}; opening the app on the list, fetch included: ${formatMs(open)}`);
    const key95 = percentile(keys, 95);
    printGoal('search keystroke ≤ 50 ms (wall, p95)', key95 <= 50, `${formatMs(key95)}; cpu p95 ${formatMs(p('ours', (r) => r.keystrokes.cpu, 95))}`);
    const scroll95 = Math.max(p('ours', (r) => r.scroll.wall, 95), p('ours', (r) => r.jump.wall, 95));
    const scrollCpu95 = Math.max(p('ours', (r) => r.scroll.cpu, 95), p('ours', (r) => r.jump.cpu, 95));
    printGoal('no scroll frame over 16 ms at p95 (wall; smooth and jump scrolling)', scroll95 <= 16, `${formatMs(scroll95)}; cpu p95 ${formatMs(scrollCpu95)}`);
    const heap = m('ours', (r) => r.heap);
    printGoal('JS heap ≤ 150 MB', heap <= 150 * 2 ** 20, mib(heap));
    const start95 = percentile(latency.ours.start, 95);
    const stop95 = percentile(latency.ours.stop, 95);
    printGoal('virsh state change → row re-rendered ≤ 100 ms p95, starts', start95 <= 100, formatMs(start95));
    printGoal('virsh state change → row re-rendered ≤ 100 ms p95, stops', stop95 <= 100, formatMs(stop95));
  } finally {
    await browser?.close();
    await domains?.remove();
    for (const server of servers) await server.close();
    await fleet?.close();
    peerBuild.remove();
    await handle.stop().catch((error: unknown) => process.stderr.write(`note: lab left running: ${error instanceof Error ? error.message : String(error)}\n`));
  }
}

/** The UI benchmark (see the comment at the top of this file). */
export const benchmark: Benchmark = {
  description: 'Instances list with 10 000 instances in Chromium: first render, search keystroke, scroll frames, heap, virsh → row latency; vs the old list',
  run,
};
