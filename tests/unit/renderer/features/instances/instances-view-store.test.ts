// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Instance } from '../../../../../common/contract/schemas';
import { useInstanceDetailStore } from '../../../../../renderer/features/instance-detail/instance-detail-store';
import { parseStoredSort, parseStoredView, useInstancesViewStore } from '../../../../../renderer/features/instances/instances-view-store';
import { useConnectionStore } from '../../../../../renderer/shared/stores/connection-store';
import { useInstanceActionsStore } from '../../../../../renderer/shared/stores/instance-actions-store';
import { useInstancesStore } from '../../../../../renderer/shared/stores/instances-store';
import { resetStore, useMainBackend, type MainFixture } from '../../main-backend';

const start = useMainBackend();

/** Main with five instances alpha…echo on one host (names no UUID contains), loaded into the instances store. */
async function fiveInstances(): Promise<{ main: MainFixture; byName: Map<string, Instance> }> {
  const main = start();
  const host = await main.addHost('hv1');
  for (const name of ['alpha', 'bravo', 'charlie', 'delta', 'echo']) await main.addInstance(host.id, { name });
  useConnectionStore.getState().attach(main.backend);
  await useInstancesStore.getState().load();
  return { main, byName: new Map((useInstancesStore.getState().rows ?? []).map((row) => [row.name, row])) };
}

const view = () => useInstancesViewStore.getState();
const selectedNames = (byName: Map<string, Instance>) => [...byName.values()].filter((i) => view().selection.selected.has(i.uuid)).map((i) => i.name);
const uuid = (byName: Map<string, Instance>, name: string) => byName.get(name)?.uuid ?? '';

describe('the Instances view store', () => {
  beforeEach(() => {
    resetStore(useInstancesStore);
    resetStore(useInstancesViewStore);
    resetStore(useInstanceDetailStore);
    resetStore(useConnectionStore);
    resetStore(useInstanceActionsStore);
  });

  it('a plain click selects and opens the details; Ctrl and Shift clicks change the selection only', async () => {
    const { byName } = await fiveInstances();
    view().clickRow(uuid(byName, 'bravo'), { range: false, toggle: false });
    expect(selectedNames(byName)).toEqual(['bravo']);
    expect(useInstanceDetailStore.getState().uuid).toBe(uuid(byName, 'bravo'));
    view().clickRow(uuid(byName, 'delta'), { range: true, toggle: false });
    expect(selectedNames(byName)).toEqual(['bravo', 'charlie', 'delta']);
    view().clickRow(uuid(byName, 'charlie'), { range: false, toggle: true });
    expect(selectedNames(byName)).toEqual(['bravo', 'delta']);
    expect(useInstanceDetailStore.getState().uuid).toBe(uuid(byName, 'bravo'));
  });

  it('ranges and moves follow what is shown: the sort and the search', async () => {
    const { byName } = await fiveInstances();
    view().sortBy('name');
    expect(view().sort).toEqual({ column: 'name', direction: 'desc' });
    view().clickRow(uuid(byName, 'echo'), { range: false, toggle: false });
    view().clickRow(uuid(byName, 'charlie'), { range: true, toggle: false });
    expect(selectedNames(byName)).toEqual(['charlie', 'delta', 'echo']);
    view().setSearch('alp');
    view().runKey({ kind: 'selectAll' }, 10);
    expect(selectedNames(byName)).toEqual(['alpha']);
  });

  it('keys: arrows move (an open detail panel follows), Space toggles, Escape steps back one thing at a time', async () => {
    const { byName } = await fiveInstances();
    view().runKey({ kind: 'move', move: 'next', mode: 'select' }, 10);
    expect(selectedNames(byName)).toEqual(['alpha']);
    view().runKey({ kind: 'open' }, 10);
    expect(useInstanceDetailStore.getState().uuid).toBe(uuid(byName, 'alpha'));
    view().runKey({ kind: 'move', move: 'next', mode: 'select' }, 10);
    expect(useInstanceDetailStore.getState().uuid).toBe(uuid(byName, 'bravo'));
    view().runKey({ kind: 'move', move: 'last', mode: 'extend' }, 10);
    expect(selectedNames(byName)).toEqual(['bravo', 'charlie', 'delta', 'echo']);
    view().runKey({ kind: 'toggle' }, 10);
    expect(selectedNames(byName)).toEqual(['bravo', 'charlie', 'delta']);

    view().runKey({ kind: 'menu' }, 10);
    expect(view().menu).toEqual({ uuids: [uuid(byName, 'echo')], place: { kind: 'row' } });
    view().runKey({ kind: 'escape' }, 10);
    expect(view().menu).toBeNull();
    view().runKey({ kind: 'escape' }, 10);
    expect(useInstanceDetailStore.getState().uuid).toBeNull();
    expect(view().selection.selected.size).toBe(1);
    view().runKey({ kind: 'escape' }, 10);
    expect(view().selection.selected.size).toBe(0);
  });

  it('the row menu acts on the whole selection when opened on a selected row, else on that row alone', async () => {
    const { byName } = await fiveInstances();
    view().clickRow(uuid(byName, 'alpha'), { range: false, toggle: false });
    view().clickRow(uuid(byName, 'charlie'), { range: true, toggle: false });
    view().openMenu(uuid(byName, 'bravo'), { kind: 'pointer', x: 10, y: 20 });
    expect(view().menu?.uuids).toEqual(['alpha', 'bravo', 'charlie'].map((name) => uuid(byName, name)));
    view().openMenu(uuid(byName, 'echo'), { kind: 'pointer', x: 10, y: 20 });
    expect(view().menu?.uuids).toEqual([uuid(byName, 'echo')]);
    expect(selectedNames(byName)).toEqual(['echo']);
  });

  it('Delete asks about the selection, or the row under the cursor when nothing is selected', async () => {
    const { byName } = await fiveInstances();
    view().runKey({ kind: 'delete' }, 10);
    expect(view().deleteRequest).toBeNull();
    view().clickRow(uuid(byName, 'bravo'), { range: false, toggle: false });
    view().clickRow(uuid(byName, 'delta'), { range: false, toggle: true });
    view().runKey({ kind: 'delete' }, 10);
    expect(view().deleteRequest).toEqual([uuid(byName, 'bravo'), uuid(byName, 'delta')]);
    view().closeDelete();
    view().runKey({ kind: 'escape' }, 10);
    view().runKey({ kind: 'escape' }, 10);
    view().runKey({ kind: 'delete' }, 10);
    expect(view().deleteRequest).toEqual([uuid(byName, 'delta')]);
  });

  it('Delete is refused as the toolbar Delete is: a locked instance, any while offline; the reason is kept', async () => {
    const { main, byName } = await fiveInstances();
    main.inventory.store.instances.update(uuid(byName, 'alpha'), { locked: true, lockedReason: 'maintenance' });
    main.inventory.store.instances.update(uuid(byName, 'bravo'), { taskState: 'rebooting' });
    await useInstancesStore.getState().load();
    view().clickRow(uuid(byName, 'alpha'), { range: false, toggle: false });
    view().runKey({ kind: 'delete' }, 10);
    expect(view().deleteRequest).toBeNull();
    expect(view().deleteRefusal).toMatch(/locked/);
    // The guard lets delete through during any task (it is how a stuck build is got rid of), so the key does too.
    view().requestDelete([uuid(byName, 'bravo')]);
    expect(view().deleteRequest).toEqual([uuid(byName, 'bravo')]);
    view().closeDelete();
    main.backend.setConnection({ status: 'failed', error: 'gone' });
    view().requestDelete([uuid(byName, 'charlie')]);
    expect(view().deleteRequest).toBeNull();
    expect(view().deleteRefusal).toBe('Not connected to Virt Deck');
    main.backend.setConnection({ status: 'connected' });
    view().requestDelete([uuid(byName, 'charlie')]);
    expect(view().deleteRequest).toEqual([uuid(byName, 'charlie')]);
    expect(view().deleteRefusal).toBeNull();
  });

  it('the view survives a reload: search, filters and selection for this tab, the sort for every window', async () => {
    const { byName } = await fiveInstances();
    view().setSearch('web');
    view().setFilter('status', 'ACTIVE');
    view().sortBy('host');
    view().clickRow(uuid(byName, 'charlie'), { range: false, toggle: false });
    window.dispatchEvent(new Event('pagehide'));

    vi.resetModules();
    const reloaded = await import('../../../../../renderer/features/instances/instances-view-store');
    const state = reloaded.useInstancesViewStore.getState();
    expect(state).toMatchObject({ search: 'web', filters: { host: null, project: null, status: 'ACTIVE' }, sort: { column: 'host', direction: 'asc' } });
    expect([...state.selection.selected]).toEqual([uuid(byName, 'charlie')]);
    expect(JSON.parse(sessionStorage.getItem('virt-deck.instances.view') ?? '{}')).toMatchObject({ search: 'web' });
    expect(JSON.parse(localStorage.getItem('virt-deck.instances.sort') ?? '{}')).toEqual({ column: 'host', direction: 'asc' });
  });

  it('ignores a stored view or sort it cannot read', () => {
    expect(parseStoredView({ search: 1, selected: [] })).toBeNull();
    expect(parseStoredView({ search: 'x', selected: ['a', 2], filters: { host: 'h', status: 5 } })).toEqual({
      search: 'x',
      filters: { host: 'h', project: null, status: null },
      selected: ['a'],
      anchor: null,
      cursor: null,
    });
    expect(parseStoredSort({ column: 'nope', direction: 'asc' })).toBeNull();
    expect(parseStoredSort({ column: 'host', direction: 'sideways' })).toBeNull();
    expect(parseStoredSort(null)).toBeNull();
  });
});
