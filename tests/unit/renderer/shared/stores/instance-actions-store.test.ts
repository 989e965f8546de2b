import { beforeEach, describe, expect, it } from 'vitest';
import { useInstanceActionsStore } from '../../../../../renderer/shared/stores/instance-actions-store';
import { resetStore, useMainBackend } from '../../main-backend';

const start = useMainBackend();

describe('instance actions, against main', () => {
  beforeEach(() => resetStore(useInstanceActionsStore));

  // Instances on no host: main's delete has no domain to remove, the rest (task, row, allocation) is the real thing.
  it('delete: one instances.act each; a refusal is named and does not stop the others; nothing pending after', async () => {
    const main = start();
    const web = await main.addInstance(null, { name: 'web' });
    const db = await main.addInstance(null, { name: 'db' });
    main.inventory.store.instances.update(db.uuid, { locked: true, lockedReason: 'maintenance' });
    const pending = useInstanceActionsStore.getState().deleteInstances([db.uuid, web.uuid]);
    expect([...useInstanceActionsStore.getState().pending.keys()]).toEqual([db.uuid, web.uuid]);
    const outcome = await pending;
    expect(outcome.results).toEqual([
      { uuid: db.uuid, ok: false, message: expect.stringContaining('locked') as string },
      { uuid: web.uuid, ok: true, message: null },
    ]);
    expect(main.backend.calls.filter((c) => c === 'instances.act')).toHaveLength(2);
    expect(useInstanceActionsStore.getState().pending.size).toBe(0);
    expect((await main.show(web.uuid)).vmState).toBe('deleted');
    expect((await main.show(db.uuid)).vmState).toBe('active');
  });
});
