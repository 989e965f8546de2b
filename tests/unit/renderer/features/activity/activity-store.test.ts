import { beforeEach, describe, expect, it } from 'vitest';
import type { ActivityItem } from '../../../../../common/contract/schemas';
import { followActivity, useActivityStore } from '../../../../../renderer/features/activity/activity-store';
import { useConnectionStore } from '../../../../../renderer/shared/stores/connection-store';
import { useInstanceActionsStore } from '../../../../../renderer/shared/stores/instance-actions-store';
import { resetStore, useMainBackend } from '../../main-backend';

const start = useMainBackend();
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('activity store, against main', () => {
  beforeEach(() => {
    resetStore(useActivityStore);
    resetStore(useConnectionStore);
    resetStore(useInstanceActionsStore);
  });

  it('loads activity.list on connecting, follows activity.changed, loads again after a reconnect', async () => {
    const main = start();
    const web = await main.addInstance(null, { name: 'web' });
    const db = await main.addInstance(null, { name: 'db' });
    useConnectionStore.getState().attach(main.backend);
    await useInstanceActionsStore.getState().act([web.uuid], { action: 'lock' });
    const unfollow = followActivity(main.backend);
    await settle();
    expect(useActivityStore.getState().items?.map((a) => [a.title, a.state])).toEqual([['Lock web', 'succeeded']]);

    // A bulk action arrives through the feed: running with its steps, then finished with main's count.
    const seen: (readonly ActivityItem[] | null)[] = [];
    const unwatch = useActivityStore.subscribe((s) => seen.push(s.items));
    await useInstanceActionsStore.getState().act([web.uuid, db.uuid], { action: 'start' });
    unwatch();
    expect(seen.some((items) => items?.some((a) => a.kind === 'bulk' && a.state === 'running'))).toBe(true);
    const bulk = useActivityStore.getState().items?.find((a) => a.kind === 'bulk');
    expect(bulk).toMatchObject({ title: 'Start 2 instances', state: 'failed', message: '0 of 2 done, 2 refused or not done', progress: { kind: 'steps', step: 2, of: 2 } });

    // A pushed change joins the list; after a reconnect the list is loaded again (what was missed comes with it).
    main.app.service.emit('activity.changed', { changed: [{ id: 'x', kind: 'upload', title: 'Upload cirros', refs: {}, state: 'running', progress: null, message: null, startedAt: new Date().toISOString(), finishedAt: null }], removed: [] });
    expect(useActivityStore.getState().items?.[0]).toMatchObject({ id: 'x', state: 'running' });
    main.backend.setConnection({ status: 'reconnecting', attempt: 1, retryAt: 0, error: 'test' });
    const before = main.backend.calls.filter((c) => c === 'activity.list').length;
    main.backend.setConnection({ status: 'connected' });
    await settle();
    expect(main.backend.calls.filter((c) => c === 'activity.list').length).toBe(before + 1);
    unfollow();
  });

  it('a failed load keeps the error and the panel state', async () => {
    const main = start();
    useConnectionStore.getState().attach(main.backend);
    main.backend.setConnection({ status: 'reconnecting', attempt: 1, retryAt: 0, error: 'test' });
    useActivityStore.getState().setOpen(true);
    await useActivityStore.getState().load();
    expect(useActivityStore.getState()).toMatchObject({ items: null, open: true, error: 'Not connected to Virt Deck', loading: false });
  });
});
