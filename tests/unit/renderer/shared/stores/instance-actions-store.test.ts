import { beforeEach, describe, expect, it } from 'vitest';
import { hasChannel } from '../../../../../renderer/shared/backend/optional-channel';
import { useInstanceActionsStore } from '../../../../../renderer/shared/stores/instance-actions-store';
import { resetStore, useMainBackend } from '../../main-backend';

const start = useMainBackend();

describe('instance actions, against main', () => {
  beforeEach(() => resetStore(useInstanceActionsStore));

  it('knows which channels this build’s contract has', () => {
    expect(hasChannel('instances.list')).toBe(true);
    expect(hasChannel('no.such.channel')).toBe(false);
  });

  // While the compute work has not added instances.act, deleting says so, sends nothing and pretends nothing.
  it.skipIf(hasChannel('instances.act'))('delete without instances.act: "not available yet", nothing sent, nothing pending', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    const web = await main.addInstance(host.id, { name: 'web' });
    const outcome = await useInstanceActionsStore.getState().deleteInstances([web.uuid]);
    expect(outcome).toEqual({ kind: 'unavailable', message: expect.stringContaining('not available yet') });
    expect(main.backend.calls).not.toContain('instances.act');
    expect(useInstanceActionsStore.getState().pending.size).toBe(0);
    expect((await main.show(web.uuid)).vmState).toBe('active');
  });
});
