// instances.create through the app's contract, on test-driver hosts reached through the app's live sessions: the
// call returns at once with the new instance in BUILD, the build runs on in the background; 30 creates at once
// against a quota of 10 give exactly 10 instances and 20 quota errors in Nova's words; a multi-create is one quota
// check for the batch and names its instances -1..-N.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult } from '../../../common/contract/errors';
import type { CreateInstancesResult, Instance, InventoryChanged } from '../../../common/contract/schemas';
import { createApp, type VirtDeckApp } from '../../../main/app';
import { hostService } from '../../../main/hosts';
import { importImageFile } from '../../../main/images';
import { openInventory } from '../../../main/inventory';
import { resolveProject } from '../../../main/inventory/services';
import { labInfo } from '../../lab/lab-info';
import { labHost } from '../../lab/virsh';
import { waitUntil } from '../hosts/wait';
import { TINY } from './compute-lab';

const lab = labInfo();
const ctx = { transport: 'in-process' } as const;
const dataDir = mkdtempSync(join(tmpdir(), 'vd-quota-'));
let app: VirtDeckApp;
const changes: InventoryChanged[] = [];

beforeAll(async () => {
  const setup = openInventory({ dataDir });
  const hosts = hostService(setup.store);
  hosts.add({ name: 'small', uri: labHost(lab, 'small').unixUri });
  hosts.add({ name: 'large', uri: labHost(lab, 'large').unixUri });
  setup.store.flavors.insert({ name: TINY, vcpus: 1, ramMiB: 128, diskGiB: 1 });
  const admin = setup.store.read((repos) => resolveProject(repos, 'admin'));
  setup.store.quotas.set(admin.id, 'instances', 10);
  const team = setup.store.projects.insert({ name: 'vd-lab-team' });
  setup.store.quotas.set(team.id, 'instances', 5);
  await importImageFile({ store: setup.store, dataDir }, { path: lab.bootImage.path, name: 'boot' });
  setup.close();
  app = createApp({ mode: 'web', dataDir, libvirtSocketPaths: [], connectHosts: { backoff: { initialMs: 200, maxMs: 1000 } } });
  app.service.subscribe((event, payload) => {
    if (event === 'inventory.changed') changes.push(payload as InventoryChanged);
  });
  await app.hostsStarted;
  await waitUntil('both hosts up', () => changes.some((c) => c.hosts.length > 0) && hostsUp(), 30_000);
});

afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

let upCache = false;
function hostsUp(): boolean {
  void app.service.call('hosts.list', {}, ctx).then((r) => {
    upCache = r.ok && (r.value as { status: string }[]).every((h) => h.status === 'up');
  });
  return upCache;
}

async function create(args: Record<string, unknown>): Promise<CallResult<CreateInstancesResult>> {
  return (await app.service.call('instances.create', args, ctx)) as CallResult<CreateInstancesResult>;
}

const names = (result: CallResult<CreateInstancesResult>): string[] | string => (result.ok ? result.value.instances.map((i) => i.name) : result.error.message);

async function list(project?: string): Promise<Instance[]> {
  const result = await app.service.call('instances.list', project === undefined ? {} : { project }, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as Instance[];
}

async function allActive(project: string | undefined, count: number): Promise<Instance[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const rows = await list(project);
    if (rows.length === count && rows.every((i) => i.status === 'ACTIVE')) return rows;
    if (Date.now() > deadline) throw new Error(`expected ${count} instances ACTIVE, have ${JSON.stringify(rows.map((i) => [i.name, i.status, i.fault?.message]))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('instances.create through the contract', () => {
  it('30 creates at once against a quota of 10: exactly 10 instances, 20 quota errors', async () => {
    const results = (await Promise.all(
      Array.from({ length: 30 }, (_, i) => app.service.call('instances.create', { name: `vd-lab-q${i}`, flavor: TINY, image: 'boot' }, ctx)),
    )) as CallResult<CreateInstancesResult>[];
    const created = results.filter((r) => r.ok);
    const refused = results.flatMap((r) => (r.ok ? [] : [r.error]));
    expect(created).toHaveLength(10);
    expect(refused).toHaveLength(20);
    for (const error of refused) {
      expect(error).toEqual({ code: 'quota_exceeded', message: 'Quota exceeded for instances: Requested 1, but already used 10 of 10 instances' });
    }
    // The call returns before the build: BUILD, task scheduling, on its host.
    for (const result of created) {
      if (!result.ok) continue;
      expect(result.value.instances).toHaveLength(1);
      expect(result.value.instances[0]).toMatchObject({ status: 'BUILD', vmState: 'building', taskState: 'scheduling', origin: 'created', powerState: 0 });
      expect(['small', 'large']).toContain(result.value.instances[0]?.hostName);
    }
    const rows = await allActive('admin', 10);
    expect(new Set(rows.map((r) => r.name)).size).toBe(10);
    // The UI saw the builds pass through the change feed.
    const seen = new Set(changes.flatMap((c) => c.instances.map((i) => i.taskState)));
    expect(seen).toContain('spawning');
    expect([...changes.flatMap((c) => c.instances)].some((i) => i.status === 'ACTIVE')).toBe(true);
  });

  it('a multi-create is one quota check: all or nothing by default, -1..-N names, fewer with minCount', async () => {
    const tooMany = await app.service.call('instances.create', { name: 'vd-lab-multi', flavor: TINY, image: 'boot', project: 'vd-lab-team', count: 6 }, ctx);
    expect(tooMany).toEqual({ ok: false, error: { code: 'quota_exceeded', message: expect.stringMatching(/^Quota exceeded for instances: Requested 6, but already used 0 of 5 instances/) } });
    expect(await list('vd-lab-team')).toEqual([]);

    const three = await create({ name: 'vd-lab-multi', flavor: TINY, image: 'boot', project: 'vd-lab-team', count: 3 });
    expect(names(three)).toEqual(['vd-lab-multi-1', 'vd-lab-multi-2', 'vd-lab-multi-3']);
    await allActive('vd-lab-team', 3);

    const again = await app.service.call('instances.create', { name: 'vd-lab-more', flavor: TINY, image: 'boot', project: 'vd-lab-team', count: 3 }, ctx);
    expect(again.ok).toBe(false);
    const some = await create({ name: 'vd-lab-more', flavor: TINY, image: 'boot', project: 'vd-lab-team', count: 3, minCount: 1 });
    expect(names(some)).toEqual(['vd-lab-more-1', 'vd-lab-more-2']);
    await allActive('vd-lab-team', 5);
  });

  it('refuses bad requests with the field named, before anything is written', async () => {
    const before = (await list()).length;
    expect(await app.service.call('instances.create', { name: 'x', flavor: TINY, image: 'nope' }, ctx)).toEqual({ ok: false, error: { code: 'not_found', message: 'Image nope not found' } });
    expect(await app.service.call('instances.create', { name: 'a/b', flavor: TINY, image: 'boot' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^name: /) } });
    expect(await app.service.call('instances.create', { name: 'x', flavor: TINY, image: 'boot', count: 0 }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args', message: expect.stringContaining('count') } });
    expect(await app.service.call('instances.create', { name: 'x', flavor: TINY, image: 'boot', host: 'nowhere' }, ctx)).toEqual({ ok: false, error: { code: 'not_found', message: 'Host nowhere not found' } });
    expect((await list()).length).toBe(before);
  });
});
