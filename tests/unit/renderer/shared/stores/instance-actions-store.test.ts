import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useInstanceActionsStore } from '../../../../../renderer/shared/stores/instance-actions-store';
import { resetStore, useMainBackend } from '../../main-backend';

const start = useMainBackend();

describe('instance actions, against main', () => {
  beforeEach(() => resetStore(useInstanceActionsStore));

  // Instances on no host: main's delete has no domain to remove, the rest (task, row, allocation) is the real thing.
  it('delete of several: one instances.bulk; a refusal is named and does not stop the others; nothing pending after', async () => {
    const main = start();
    const web = await main.addInstance(null, { name: 'web' });
    const db = await main.addInstance(null, { name: 'db' });
    main.inventory.store.instances.update(db.uuid, { locked: true, lockedReason: 'maintenance' });
    const pending = useInstanceActionsStore.getState().deleteInstances([db.uuid, web.uuid]);
    expect([...useInstanceActionsStore.getState().pending.keys()]).toEqual([db.uuid, web.uuid]);
    expect(useInstanceActionsStore.getState().pending.get(web.uuid)?.action).toBe('delete');
    const outcome = await pending;
    expect(outcome.results).toEqual([
      { uuid: db.uuid, ok: false, message: 'Instance db is locked (maintenance)' },
      { uuid: web.uuid, ok: true, message: null, done: true, offer: null },
    ]);
    expect(main.backend.calls.filter((c) => c === 'instances.bulk')).toHaveLength(1);
    expect(main.backend.calls.filter((c) => c === 'instances.act')).toHaveLength(0);
    expect(useInstanceActionsStore.getState().pending.size).toBe(0);
    expect((await main.show(web.uuid)).vmState).toBe('deleted');
    expect((await main.show(db.uuid)).vmState).toBe('active');
  });

  it('one instance goes through instances.act; main refuses with the guard words', async () => {
    const main = start();
    const web = await main.addInstance(null, { name: 'web' });
    const started = await useInstanceActionsStore.getState().act([web.uuid], { action: 'start' });
    expect(started.results).toEqual([{ uuid: web.uuid, ok: false, message: "Cannot 'start' instance web while it is in vm_state active" }]);
    const locked = await useInstanceActionsStore.getState().act([web.uuid, web.uuid], { action: 'lock' });
    expect(locked.results).toEqual([{ uuid: web.uuid, ok: true, message: null, done: true, offer: null }]);
    expect(main.backend.calls.filter((c) => c === 'instances.act')).toHaveLength(2);
    expect((await main.show(web.uuid)).locked).toBe(true);
  });

  it('bulk: outcomes in the order asked, one per instance, an unknown one refused by main', async () => {
    const main = start();
    const a = await main.addInstance(null, { name: 'a', vmState: 'stopped', powerState: 4 });
    const b = await main.addInstance(null, { name: 'b' });
    const ghost = '00000000-0000-4000-8000-000000000000';
    const outcome = await useInstanceActionsStore.getState().act([b.uuid, ghost, a.uuid], { action: 'lock' });
    expect(outcome.results.map((r) => [r.uuid, r.ok])).toEqual([
      [b.uuid, true],
      [ghost, false],
      [a.uuid, true],
    ]);
    expect(outcome.results[1]?.message).toMatch(/not found/);
    expect(await useInstanceActionsStore.getState().act([], { action: 'lock' })).toEqual({ results: [] });
  });

  it('a lost connection fails every instance of the request with the same reason', async () => {
    const main = start();
    const a = await main.addInstance(null, { name: 'a' });
    const b = await main.addInstance(null, { name: 'b' });
    await main.app.close();
    const outcome = await useInstanceActionsStore.getState().act([a.uuid, b.uuid], { action: 'pause' });
    expect(outcome.results.every((r) => !r.ok && r.message === outcome.results[0]?.message)).toBe(true);
    expect(useInstanceActionsStore.getState().pending.size).toBe(0);
  });

  it('overlapping requests on one instance: the first answer does not clear the second request\'s pending mark', async () => {
    const main = start();
    const web = await main.addInstance(null, { name: 'web' });
    // The transport holds the second answer (a slow network) until the first has been handled.
    const call = main.backend.call.bind(main.backend);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    vi.spyOn(main.backend, 'call').mockImplementation((async (channel: string, args: unknown) => {
      if (channel === 'instances.act' && ++calls === 2) await held;
      return (call as (c: string, a: unknown) => Promise<unknown>)(channel, args);
    }) as typeof main.backend.call);
    const first = useInstanceActionsStore.getState().act([web.uuid], { action: 'lock' });
    const second = useInstanceActionsStore.getState().act([web.uuid], { action: 'unlock' });
    expect(useInstanceActionsStore.getState().pending.get(web.uuid)?.action).toBe('unlock');
    await first;
    expect(useInstanceActionsStore.getState().pending.get(web.uuid)?.action).toBe('unlock');
    release();
    await second;
    expect(useInstanceActionsStore.getState().pending.size).toBe(0);
  });
});
