import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChangeFeed, type InventoryDelta } from '../../../main/inventory/change-feed';
import { openSqliteStore } from '../../../main/inventory/sqlite/store';
import { addHost, useTempDirs, useTempStore } from './helpers';

const tempStore = useTempStore();
const tempDir = useTempDirs();

// The feed's batching and polling run on a fake clock; the database, its commits and data_version are real. Date
// stays real: rows are stamped with it.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('inventory change feed', () => {
  it('batches the changes of many commits into one delta, with rows as they are now', async () => {
    const store = tempStore();
    const feed = createChangeFeed(store, { batchMs: 20 });
    const deltas: InventoryDelta[] = [];
    feed.subscribe((delta) => deltas.push(delta));
    const host = addHost(store, 'lab1');
    const project = store.projects.getByName('admin');
    if (project === undefined) throw new Error('no admin project');
    const instance = store.write((repos) => repos.instances.insert({ name: 'a', projectId: project.id, hostId: host.id, vmState: 'active', vcpus: 1, ramMiB: 64, diskGiB: 0 }));
    store.write((repos) => repos.instances.update(instance.uuid, { vmState: 'paused', powerState: 3 }));
    vi.advanceTimersByTime(19);
    expect(deltas).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.hosts.map((h) => h.name)).toEqual(['lab1']);
    expect(deltas[0]?.instances.map((i) => [i.name, i.vmState])).toEqual([['a', 'paused']]);
    feed.close();
  });

  it('does not replay what existed before, reports removed hosts, and stops after unsubscribe', async () => {
    const store = tempStore();
    const keep = addHost(store, 'old');
    const gone = addHost(store, 'gone');
    const feed = createChangeFeed(store, { batchMs: 5 });
    const deltas: InventoryDelta[] = [];
    const off = feed.subscribe((delta) => deltas.push(delta));
    store.write((repos) => repos.hosts.delete(gone.id));
    vi.advanceTimersByTime(5);
    expect(deltas).toEqual([{ instances: [], hosts: [], removedHosts: [gone.id] }]);
    off();
    store.write((repos) => repos.hosts.update(keep.id, { status: 'down' }));
    vi.runOnlyPendingTimers();
    expect(deltas).toHaveLength(1);
    feed.close();
  });

  it('sees commits of another process through the data version', async () => {
    const file = join(tempDir(), 'inventory.sqlite3');
    const ours = openSqliteStore({ file });
    const theirs = openSqliteStore({ file });
    const feed = createChangeFeed(ours, { batchMs: 5, pollMs: 20, externalVersion: () => ours.db.pragma('data_version', { simple: true }) as number });
    const deltas: InventoryDelta[] = [];
    feed.subscribe((delta) => deltas.push(delta));
    addHost(theirs, 'from-a-shell');
    // Another connection's commit does not reach our commit hook: only the poll of data_version sees it.
    vi.advanceTimersByTime(5);
    expect(deltas).toEqual([]);
    vi.advanceTimersByTime(20 + 5);
    expect(deltas.flatMap((d) => d.hosts.map((h) => h.name))).toEqual(['from-a-shell']);
    feed.close();
    theirs.close();
    ours.close();
  });
});
