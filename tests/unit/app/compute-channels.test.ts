// The compute channels through the app's real facade and inventory: the action union, its refusals as contract
// codes, bulk outcomes, the action log and settings. No host is needed: the instance here has no domain, and the
// actions used change the inventory only (actions on real domains: tests/integration/compute/).
import { describe, expect, it } from 'vitest';
import type { ActivityChanged, ActivityItem } from '../../../common/contract/schemas';
import { openInventory } from '../../../main/inventory';
import { useAppFixture } from './helpers';

const ctx = { transport: 'in-process' } as const;

describe('compute channels', () => {
  const fx = useAppFixture('virt-deck-compute-');

  function seed(): string {
    const inventory = openInventory({ dataDir: fx.dir });
    try {
      const admin = inventory.store.projects.getByName('admin')?.id as string;
      return inventory.store.instances.insert({ name: 'web', projectId: admin, hostId: null, vmState: 'error', vcpus: 1, ramMiB: 512, diskGiB: 1 }).uuid;
    } finally {
      inventory.close();
    }
  }

  it('acts, refuses with conflict, and logs', async () => {
    const uuid = seed();
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    const locked = await app.service.call('instances.act', { ref: 'web', action: { action: 'lock', reason: 'audit' } }, ctx);
    expect(locked).toMatchObject({ ok: true, value: { done: true, offer: null, instance: { uuid, status: 'ERROR', locked: true } } });
    expect(await app.service.call('instances.act', { ref: 'web', action: { action: 'rename', name: 'api' } }, ctx)).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Instance web is locked (audit)' },
    });
    expect(await app.service.call('instances.act', { ref: 'web', action: { action: 'stop', timeoutSeconds: 0 } }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await app.service.call('instances.act', { ref: 'web', action: { action: 'fly' } }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    const log = await app.service.call('instances.actions', { ref: uuid }, ctx);
    expect(log).toMatchObject({ ok: true, value: [{ action: 'lock', events: [{ event: 'api_lock', result: 'Success' }] }] });
  });

  it('gives every instance of a bulk action its own outcome', async () => {
    seed();
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    const outcomes = await app.service.call('instances.bulk', { refs: ['web', 'ghost'], action: { action: 'start' } }, ctx);
    expect(outcomes).toEqual({
      ok: true,
      value: [
        { outcome: 'refused', ref: 'web', code: 'conflict', message: "Cannot 'start' instance web while it is in vm_state error" },
        { outcome: 'refused', ref: 'ghost', code: 'not_found', message: 'Instance ghost not found' },
      ],
    });
    const forgotten = await app.service.call('instances.bulk', { refs: ['web'], action: { action: 'forget' } }, ctx);
    expect(forgotten).toMatchObject({ ok: true, value: [{ outcome: 'ok', ref: 'web', result: { instance: null, message: 'Instance web is no longer tracked.' } }] });
  });

  it('lists actions and bulk actions as activities: steps per instance, the outcome in the message', async () => {
    const uuid = seed();
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    const changes: string[] = [];
    app.service.subscribe((event, payload) => {
      if (event !== 'activity.changed') return;
      for (const a of (payload as ActivityChanged).changed) changes.push(`${a.title}:${a.state}:${a.progress?.kind === 'steps' ? `${a.progress.step}/${a.progress.of}` : '-'}`);
    });
    await app.service.call('instances.act', { ref: uuid, action: { action: 'lock' } }, ctx);
    await app.service.call('instances.bulk', { refs: ['web', 'ghost', 'web'], action: { action: 'unlock' } }, ctx);
    await app.service.call('instances.act', { ref: uuid, action: { action: 'start' } }, ctx);
    const listed = await app.service.call('activity.list', {}, ctx);
    if (!listed.ok) throw new Error(listed.error.message);
    // Finished newest first; two may finish within one millisecond, so compare by title.
    const activities = listed.value as ActivityItem[];
    const byTitle = new Map(activities.map((a) => [a.title, a]));
    expect(activities).toHaveLength(3);
    expect(byTitle.get('Start web')).toMatchObject({ kind: 'action', state: 'failed', message: "Cannot 'start' instance web while it is in vm_state error", refs: { instanceUuid: uuid } });
    expect(byTitle.get('Unlock 2 instances')).toMatchObject({ kind: 'bulk', state: 'failed', message: '1 of 2 done, 1 refused or not done', progress: { kind: 'steps', step: 2, of: 2 } });
    expect(byTitle.get('Lock web')).toMatchObject({ kind: 'action', state: 'succeeded', message: null });
    expect(changes).toContain('Unlock 2 instances:running:0/2');
    expect(changes).toContain('Unlock 2 instances:running:1/2');
  });

  it('reads and changes settings', async () => {
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    expect(await app.service.call('settings.set', { key: 'reclaim_instance_interval', value: 600 }, ctx)).toMatchObject({ ok: true, value: { value: 600, isDefault: false } });
    expect(await app.service.call('settings.get', { key: 'reclaim_instance_interval' }, ctx)).toMatchObject({ ok: true, value: [{ value: 600, defaultValue: 0, unit: 'seconds' }] });
    expect(await app.service.call('settings.set', { key: 'stop_timeout_seconds', value: 0 }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await app.service.call('settings.set', { key: 'reclaim_instance_interval', value: null }, ctx)).toMatchObject({ ok: true, value: { value: 0, isDefault: true } });
  });
});
