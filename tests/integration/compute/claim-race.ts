// A real race of placement+quota claims: several processes, each with its own SQLite connection to one inventory
// file, claim at the same moment. Used by claim-concurrency.test.ts; run directly to measure throughput:
//   npx tsx tests/unit/compute/claim-race.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HostFacts, HostOvercommit } from '../../../main/inventory/model';
import { openSqliteStore } from '../../../main/inventory/sqlite/store';
import { DEFAULT_SCHEDULER_CONFIG, hostInventory } from '../../../main/placement';
import { hostState } from '../../../main/compute/claim-hosts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const workerScript = join(here, 'claim-race-worker.ts');

/** One host of the race. */
export interface RaceHost {
  readonly name: string;
  readonly facts: HostFacts;
  readonly overcommit?: HostOvercommit;
}

/** A race setup. */
export interface RaceOptions {
  readonly workers: number;
  readonly claimsPerWorker: number;
  /** Project quota; missing resources are unlimited. */
  readonly quota: Partial<Record<'instances' | 'cores' | 'ram' | 'disk', number>>;
  readonly hosts: readonly RaceHost[];
  readonly flavor: string;
}

/** One worker's report of one claim. */
export interface ClaimReport {
  readonly ok: boolean;
  readonly uuid?: string;
  readonly host?: string;
  readonly error?: string;
  readonly message?: string;
  readonly ms: number;
}

/** Per-host ledger after the race: allocations summed from instance rows vs. capacity. */
export interface HostLedger {
  readonly name: string;
  readonly instances: number;
  readonly used: { readonly vcpus: number; readonly ramMiB: number; readonly diskGiB: number };
  /** (total − reserved) × allocation ratio, per resource. */
  readonly capacity: { readonly vcpus: number; readonly ramMiB: number; readonly diskGiB: number };
}

/** What happened. */
export interface RaceResult {
  readonly reports: readonly ClaimReport[];
  /** Instance uuids in the database after the race (live rows of the race project). */
  readonly instanceUuids: readonly string[];
  readonly hosts: readonly HostLedger[];
  /** From "go" to the last worker's exit. */
  readonly elapsedMs: number;
  readonly integrity: string;
}

/** Run the race in a fresh temp directory and return the reports and the ledger read back from the file. */
export async function runClaimRace(options: RaceOptions): Promise<RaceResult> {
  const dir = mkdtempSync(join(tmpdir(), 'virt-deck-race-'));
  const file = join(dir, 'inventory.sqlite3');
  const children: ChildProcess[] = [];
  try {
    const setup = openSqliteStore({ file });
    const project = setup.projects.insert({ name: 'race' });
    for (const resource of ['instances', 'cores', 'ram', 'disk'] as const) setup.quotas.set(project.id, resource, options.quota[resource] ?? -1);
    for (const host of options.hosts) {
      const row = setup.hosts.insert({ name: host.name, uri: `test:///${host.name}`, facts: host.facts, overcommit: host.overcommit ?? {} });
      setup.hosts.update(row.id, { status: 'up' });
    }
    setup.close();

    const reports: ClaimReport[] = [];
    const exits: Promise<void>[] = [];
    const ready: Promise<void>[] = [];
    for (let w = 0; w < options.workers; w++) {
      const child = spawn(process.execPath, ['--import', 'tsx', workerScript, file, 'race', String(options.claimsPerWorker), String(w), options.flavor], {
        cwd: repoRoot,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      children.push(child);
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      let markReady: () => void = () => undefined;
      ready.push(new Promise<void>((resolveReady) => (markReady = resolveReady)));
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        const message = JSON.parse(line) as { type: string } & ClaimReport;
        if (message.type === 'ready') markReady();
        if (message.type === 'claim') reports.push(message);
      });
      exits.push(
        new Promise<void>((resolveExit, reject) =>
          child.on('exit', (code) => (code === 0 ? resolveExit() : reject(new Error(`worker ${w} exited with ${code}: ${stderr}`)))),
        ),
      );
    }
    await Promise.all(ready);
    const started = performance.now();
    for (const child of children) child.stdin?.write('go\n');
    await Promise.all(exits);
    const elapsedMs = performance.now() - started;

    const check = openSqliteStore({ file });
    try {
      const raceProject = check.projects.getByName('race');
      const instanceUuids = check.instances.list({ projectId: raceProject?.id ?? '' }).map((i) => i.uuid);
      const usage = check.instances.usageByHost();
      const hosts = check.hosts.list().map((h): HostLedger => {
        const u = usage.get(h.id) ?? { instances: 0, vcpus: 0, ramMiB: 0, diskGiB: 0 };
        const state = hostState(h, u, []);
        const inv = hostInventory(state, DEFAULT_SCHEDULER_CONFIG);
        return {
          name: h.name,
          instances: u.instances,
          used: { vcpus: u.vcpus, ramMiB: u.ramMiB, diskGiB: u.diskGiB },
          capacity: {
            vcpus: (state.vcpusTotal - inv.reserved.vcpu) * inv.ratio.vcpu,
            ramMiB: (state.ramTotalMiB - inv.reserved.ram) * inv.ratio.ram,
            diskGiB: (state.diskTotalGiB - inv.reserved.disk) * inv.ratio.disk,
          },
        };
      });
      const integrity = String(check.db.pragma('integrity_check', { simple: true }));
      return { reports, instanceUuids, hosts, elapsedMs, integrity };
    } finally {
      check.close();
    }
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A host that fits exactly `n` m1.tiny (1 vCPU, 512 MiB, 1 GiB) under every resource, with a 2.0 CPU ratio. */
export function hostFittingTiny(name: string, n: number): RaceHost {
  return {
    name,
    // vCPU: n/2 cores × 2.0; RAM: n × 512 plus the 512 MiB reserved for the host; disk: n GiB.
    facts: { cpus: n / 2, memoryMiB: n * 512 + 512, diskGiB: n, arch: 'x86_64', domainType: 'qemu' },
    overcommit: { cpuAllocationRatio: 2.0 },
  };
}

async function main(): Promise<void> {
  const hosts = [hostFittingTiny('h1', 10), hostFittingTiny('h2', 10), hostFittingTiny('h3', 10)];
  const scenarios: [string, RaceOptions][] = [
    ['quota-bound (10 allowed)', { workers: 4, claimsPerWorker: 25, quota: { instances: 10 }, hosts, flavor: 'm1.tiny' }],
    ['capacity-bound (30 fit)', { workers: 4, claimsPerWorker: 25, quota: {}, hosts, flavor: 'm1.tiny' }],
    ['all succeed (1000 fit)', { workers: 4, claimsPerWorker: 25, quota: {}, hosts: [hostFittingTiny('big', 1000)], flavor: 'm1.tiny' }],
  ];
  console.log('| scenario | processes | claims | succeeded | elapsed ms | claims/s | median claim ms | p95 claim ms |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [title, options] of scenarios) {
    const result = await runClaimRace(options);
    const ms = result.reports.map((r) => r.ms).sort((a, b) => a - b);
    const at = (q: number): string => (ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0).toFixed(1);
    const total = result.reports.length;
    const ok = result.reports.filter((r) => r.ok).length;
    console.log(
      `| ${title} | ${options.workers} | ${total} | ${ok} | ${result.elapsedMs.toFixed(0)} | ${((total / result.elapsedMs) * 1000).toFixed(0)} | ${at(0.5)} | ${at(0.95)} |`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
