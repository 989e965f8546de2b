// Real concurrency: six processes, each with its own connection to one inventory file, try to start a different
// action on the same instance at the same moment, round after round. Exactly one may win each round; the others
// get Nova's conflict message naming the winner's task state, and nothing of theirs is written.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../main/inventory/sqlite/store';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const ACTIONS = [
  ['stop', 'powering-off'],
  ['pause', 'pausing'],
  ['suspend', 'suspending'],
  ['reboot', 'rebooting'],
  ['snapshot-create', 'image_snapshot'],
  ['force-stop', 'powering-off'],
] as const;
const ROUNDS = 15;

interface BeginReport {
  readonly uuid: string;
  readonly worker: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly message?: string;
}

const dir = mkdtempSync(join(tmpdir(), 'virt-deck-task-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('starting tasks from several processes at once', () => {
  it('lets exactly one action start per instance; the others get a clean conflict', async () => {
    const file = join(dir, 'inventory.sqlite3');
    const setup = openSqliteStore({ file });
    const host = setup.hosts.insert({ name: 'h1', uri: 'test:///default' });
    const project = setup.projects.getByName('admin')?.id as string;
    const uuids = Array.from({ length: ROUNDS }, (_, i) =>
      setup.instances.insert({ name: `web-${i}`, projectId: project, hostId: host.id, vmState: 'active', powerState: 1, vcpus: 1, ramMiB: 512, diskGiB: 1, libvirtDomainUuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }).uuid,
    );
    setup.close();

    const children: ChildProcess[] = [];
    const reports: BeginReport[] = [];
    const ready: Promise<void>[] = [];
    const exits: Promise<void>[] = [];
    try {
      ACTIONS.forEach(([action, taskState], w) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'task-race-worker.ts'), file, action, taskState, String(w)], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
        children.push(child);
        let stderr = '';
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        let markReady: () => void = () => undefined;
        ready.push(new Promise<void>((r) => (markReady = r)));
        createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
          const message = JSON.parse(line) as { type: string } & BeginReport;
          if (message.type === 'ready') markReady();
          else reports.push(message);
        });
        exits.push(new Promise<void>((ok, fail) => child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`worker ${w} exited with ${code}: ${stderr}`))))));
      });
      await Promise.all(ready);
      for (const uuid of uuids) {
        for (const child of children) child.stdin?.write(`go ${uuid}\n`);
        // Next round only once every worker answered this one, so each round is a real six-way race.
        while (reports.filter((r) => r.uuid === uuid).length < ACTIONS.length) await new Promise((r) => setTimeout(r, 5));
      }
      for (const child of children) child.stdin?.end('done\n');
      await Promise.all(exits);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    }

    const check = openSqliteStore({ file });
    try {
      for (const uuid of uuids) {
        const round = reports.filter((r) => r.uuid === uuid);
        const winners = round.filter((r) => r.ok);
        expect(winners, `round on ${uuid}`).toHaveLength(1);
        const winner = ACTIONS[Number(winners[0]?.worker)] as (typeof ACTIONS)[number];
        const instance = check.instances.get(uuid);
        expect(instance).toMatchObject({ taskState: winner[1], taskOwner: `worker-${winners[0]?.worker}` });
        for (const loser of round.filter((r) => !r.ok)) {
          expect(loser.error).toBe('InstanceConflictError');
          expect(loser.message).toMatch(new RegExp(`^Cannot '\\w+' instance ${instance?.name} while it is in task_state ${winner[1]}$`));
        }
        // Only the winner's action was recorded.
        expect(check.instanceActions.list(uuid)).toHaveLength(1);
      }
      expect(String(check.db.pragma('integrity_check', { simple: true }))).toBe('ok');
    } finally {
      check.close();
    }
  });
});
