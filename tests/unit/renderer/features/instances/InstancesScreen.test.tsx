// @vitest-environment happy-dom
// The Instances screen rendered in a DOM against main (real facade, real SQLite inventory, in-process): what an
// operator's mouse and keyboard do to it. happy-dom has no layout, so the list's scroll element is given a size here
// (the virtual list needs one to know how many rows fit); everything else is the real thing.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Instance } from '../../../../../common/contract/schemas';
import { useInstanceDetailStore } from '../../../../../renderer/features/instance-detail/instance-detail-store';
import { InstancesScreen } from '../../../../../renderer/features/instances/InstancesScreen';
import { useInstancesViewStore } from '../../../../../renderer/features/instances/instances-view-store';
import { useStatsStore } from '../../../../../renderer/features/stats';
import { useConnectionStore } from '../../../../../renderer/shared/stores/connection-store';
import { useInstanceActionsStore } from '../../../../../renderer/shared/stores/instance-actions-store';
import { useInstancesStore } from '../../../../../renderer/shared/stores/instances-store';
import { instanceRowId, testIds } from '../../../../../renderer/testIds';
import { resetStore, useMainBackend, type MainFixture } from '../../main-backend';
import { useGridHeight } from '../../shared/table/grid-height';

const start = useMainBackend();
const GRID_HEIGHT = 600;

useGridHeight(GRID_HEIGHT);

beforeEach(() => {
  resetStore(useInstancesStore);
  resetStore(useInstancesViewStore);
  resetStore(useInstanceDetailStore);
  resetStore(useInstanceActionsStore);
  resetStore(useConnectionStore);
  sessionStorage.clear();
});
afterEach(() => cleanup());

/** Main with instances, the connection attached and the list loaded; `names` in one transaction. */
async function withInstances(names: readonly string[]): Promise<{ main: MainFixture; byName: Map<string, Instance> }> {
  const main = start();
  const host = await main.addHost('hv1');
  const project = main.inventory.store.projects.list()[0]?.id ?? '';
  main.inventory.store.write((repos) => {
    for (const name of names) repos.instances.insert({ name, projectId: project, hostId: host.id, vmState: 'active', powerState: 1, vcpus: 2, ramMiB: 2048, diskGiB: 10 });
  });
  useConnectionStore.getState().attach(main.backend);
  await useInstancesStore.getState().load();
  return { main, byName: new Map((useInstancesStore.getState().rows ?? []).map((row) => [row.name, row])) };
}

const grid = () => screen.getByTestId(testIds.instancesTable);
const row = (instance: Instance | undefined) => screen.getByTestId(instanceRowId(instance?.uuid ?? ''));
const renderedRows = () => grid().querySelectorAll('[role=row][data-row-key]');
const key = (target: Element, name: string, init: Partial<KeyboardEventInit> = {}) => fireEvent.keyDown(target, { key: name, ...init });

describe('the Instances screen', () => {
  it('renders only the rows that fit (plus a few) out of 10 000, and says how many there are', async () => {
    await withInstances(Array.from({ length: 10_000 }, (_, i) => `vm-${i}`));
    const retain = vi.spyOn(useStatsStore.getState(), 'retain');
    render(<InstancesScreen />);
    // The rows shown watch their CPU as one watch for the window, not one per row.
    const shown = [...renderedRows()].map((element) => (element as HTMLElement).dataset.rowKey);
    expect(retain.mock.calls.filter(([level]) => level === 'summary').map(([, uuids]) => uuids)).toEqual([shown]);
    retain.mockRestore();
    expect(grid()).toHaveProperty('dataset.rows', '10000');
    expect(grid().getAttribute('aria-rowcount')).toBe('10001');
    expect(renderedRows().length).toBeGreaterThanOrEqual(Math.floor(GRID_HEIGHT / 34));
    expect(renderedRows().length).toBeLessThan(60);
    expect(screen.getByTestId(testIds.instancesSummary).dataset).toMatchObject({ shown: '10000', total: '10000', selected: '0' });
  });

  it('the search box filters as you type, and Ctrl+F or "/" go to it', async () => {
    const { byName } = await withInstances(['web-1', 'web-2', 'db-1']);
    render(<InstancesScreen />);
    const search = screen.getByTestId(testIds.instancesSearch);
    key(document.body, '/');
    expect(document.activeElement).toBe(search);
    grid().focus();
    key(grid(), 'f', { ctrlKey: true });
    expect(document.activeElement).toBe(search);
    fireEvent.change(search, { target: { value: 'web' } });
    expect(renderedRows()).toHaveLength(2);
    expect(screen.getByTestId(testIds.instancesSummary).textContent).toContain('2 of 3');
    fireEvent.change(search, { target: { value: byName.get('db-1')?.uuid } });
    expect(renderedRows()).toHaveLength(1);
    fireEvent.change(search, { target: { value: 'nothing-like-this' } });
    expect(screen.getByTestId(testIds.instancesEmpty).dataset.kind).toBe('no-match');
    fireEvent.click(within(screen.getByTestId(testIds.instancesEmpty)).getByRole('button', { name: 'Clear them' }));
    expect(renderedRows()).toHaveLength(3);
  });

  it('filters by status, and sorts by a column from its header (again: the other way round)', async () => {
    const { main, byName } = await withInstances(['b', 'a', 'c']);
    main.inventory.store.instances.update(byName.get('b')?.uuid ?? '', { vmState: 'stopped', powerState: 4 });
    await act(() => useInstancesStore.getState().load());
    render(<InstancesScreen />);
    fireEvent.change(screen.getByTestId(testIds.instancesFilter('status')), { target: { value: 'SHUTOFF' } });
    expect([...renderedRows()].map((r) => r.getAttribute('data-row-key'))).toEqual([byName.get('b')?.uuid]);
    fireEvent.change(screen.getByTestId(testIds.instancesFilter('status')), { target: { value: '' } });
    const nameHeader = screen.getByTestId(testIds.instancesSort('name'));
    expect(nameHeader.closest('[role=columnheader]')?.getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(nameHeader);
    expect(nameHeader.closest('[role=columnheader]')?.getAttribute('aria-sort')).toBe('descending');
    const order = () => [...renderedRows()].sort((x, y) => Number(x.getAttribute('aria-rowindex')) - Number(y.getAttribute('aria-rowindex'))).map((r) => r.textContent?.slice(0, 1));
    expect(order()).toEqual(['c', 'b', 'a']);
  });

  it('click, Ctrl-click and Shift-click select; a plain click opens the details below', async () => {
    const { byName } = await withInstances(['a', 'b', 'c', 'd']);
    render(<InstancesScreen />);
    fireEvent.click(row(byName.get('b')));
    expect(row(byName.get('b')).getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByTestId(testIds.instanceDetail)).toBeTruthy();
    expect(within(screen.getByTestId(testIds.instanceDetail)).getByTestId(testIds.instanceDetailValue('name')).textContent).toBe('b');
    fireEvent.click(row(byName.get('d')), { shiftKey: true });
    expect(screen.getByTestId(testIds.instancesSummary).dataset.selected).toBe('3');
    fireEvent.click(row(byName.get('c')), { ctrlKey: true });
    expect(['a', 'b', 'c', 'd'].map((name) => row(byName.get(name)).getAttribute('aria-selected'))).toEqual(['false', 'true', 'false', 'true']);
  });

  it('the keyboard: arrows move the cursor (aria-activedescendant), Shift extends, Enter opens', async () => {
    const { byName } = await withInstances(['a', 'b', 'c']);
    render(<InstancesScreen />);
    grid().focus();
    key(grid(), 'ArrowDown');
    key(grid(), 'ArrowDown');
    expect(grid().getAttribute('aria-activedescendant')).toBe(row(byName.get('b')).id);
    key(grid(), 'ArrowDown', { shiftKey: true });
    expect(screen.getByTestId(testIds.instancesSummary).dataset.selected).toBe('2');
    key(grid(), 'Enter');
    expect(await screen.findByTestId(testIds.instanceDetail)).toBeTruthy();
    expect(useInstanceDetailStore.getState().uuid).toBe(byName.get('c')?.uuid);
  });

  it('Delete asks first, then deletes through instances.bulk and names what main refused', async () => {
    const main = start();
    const a = await main.addInstance(null, { name: 'a' });
    const b = await main.addInstance(null, { name: 'b' });
    main.inventory.store.instances.update(b.uuid, { locked: true });
    useConnectionStore.getState().attach(main.backend);
    await useInstancesStore.getState().load();
    render(<InstancesScreen />);
    fireEvent.click(row(a));
    fireEvent.click(row(b), { ctrlKey: true });
    grid().focus();
    key(grid(), 'Delete');
    const dialog = screen.getByTestId(testIds.deleteDialog);
    expect(dialog.textContent).toContain('Delete 2 instances?');
    // The safe button has the focus.
    expect(document.activeElement).toBe(screen.getByTestId(testIds.deleteCancel));
    await act(async () => fireEvent.click(screen.getByTestId(testIds.deleteConfirm)));
    const outcome = await screen.findByTestId(testIds.deleteOutcome);
    expect(outcome.dataset.outcome).toBe('refused');
    expect(outcome.textContent).toContain('1 deleted, 1 refused');
    expect(outcome.textContent).toMatch(/b: .*locked/);
    expect(main.backend.calls.filter((c) => c === 'instances.bulk')).toHaveLength(1);
    expect((await main.show(a.uuid)).vmState).toBe('deleted');
    fireEvent.click(screen.getByTestId(testIds.deleteCancel));
    expect(screen.queryByTestId(testIds.deleteDialog)).toBeNull();
  });

  it('the row menu opens from the keyboard (Shift+F10) on the cursor row and closes with Escape', async () => {
    const { byName } = await withInstances(['a', 'b']);
    render(<InstancesScreen />);
    grid().focus();
    key(grid(), 'ArrowDown');
    key(grid(), 'F10', { shiftKey: true });
    const menu = screen.getByTestId(testIds.instanceMenu);
    expect(menu.getAttribute('aria-label')).toBe('Instance a');
    expect(document.activeElement).toBe(screen.getByTestId(testIds.instanceMenuItem('details')));
    // No console viewer passed in: greyed out, and the tooltip says why.
    for (const item of ['console', 'serial', 'console-window', 'serial-window']) expect(screen.getByTestId(testIds.instanceMenuItem(item)).getAttribute('title')).toMatch(/not available/);
    key(menu, 'ArrowDown');
    expect(document.activeElement).toBe(screen.getByTestId(testIds.instanceMenuItem('copy-uuid')));
    key(menu, 'Escape');
    expect(screen.queryByTestId(testIds.instanceMenu)).toBeNull();
    expect(document.activeElement).toBe(grid());
    expect(useInstancesViewStore.getState().selection.cursor).toBe(byName.get('a')?.uuid);
  });

  it('a locked instance: the row menu greys Delete out with the guard\'s reason; the Delete key only says why', async () => {
    const { main, byName } = await withInstances(['a']);
    main.inventory.store.instances.update(byName.get('a')?.uuid ?? '', { locked: true, lockedReason: 'maintenance' });
    await useInstancesStore.getState().load();
    render(<InstancesScreen />);
    fireEvent.contextMenu(row(byName.get('a')), { clientX: 10, clientY: 10 });
    const item = screen.getByTestId(testIds.instanceMenuItem('delete'));
    expect(item.getAttribute('aria-disabled')).toBe('true');
    expect(item.getAttribute('title')).toMatch(/locked/);
    fireEvent.click(item);
    expect(screen.queryByTestId(testIds.deleteDialog)).toBeNull();
    key(screen.getByTestId(testIds.instanceMenu), 'Escape');
    key(grid(), 'Delete');
    expect(screen.queryByTestId(testIds.deleteDialog)).toBeNull();
    expect(screen.getByTestId(testIds.deleteRefusal).textContent).toMatch(/locked/);
    expect(main.backend.calls).not.toContain('instances.bulk');
    expect(main.backend.calls).not.toContain('instances.act');
  });

  it('double-click opens the console through the hook the console feature passes in', async () => {
    const { byName } = await withInstances(['a']);
    const onOpenConsole = vi.fn();
    render(<InstancesScreen onOpenConsole={onOpenConsole} />);
    fireEvent.doubleClick(row(byName.get('a')));
    expect(onOpenConsole).toHaveBeenCalledWith(byName.get('a'), { kind: 'vnc', window: false, eventTime: expect.any(Number) as number });
  });

  it('the row menu opens the serial console, here or in a window, through the same hook', async () => {
    const { byName } = await withInstances(['a']);
    const onOpenConsole = vi.fn();
    render(<InstancesScreen onOpenConsole={onOpenConsole} />);
    fireEvent.contextMenu(row(byName.get('a')), { clientX: 10, clientY: 10 });
    fireEvent.click(screen.getByTestId(testIds.instanceMenuItem('serial')));
    fireEvent.contextMenu(row(byName.get('a')), { clientX: 10, clientY: 10 });
    fireEvent.click(screen.getByTestId(testIds.instanceMenuItem('serial-window')));
    expect(onOpenConsole.mock.calls).toEqual([
      [byName.get('a'), { kind: 'serial', window: false }],
      [byName.get('a'), { kind: 'serial', window: true }],
    ]);
  });

  it('a running action shows its task state in the row', async () => {
    const { main, byName } = await withInstances(['a']);
    const uuid = byName.get('a')?.uuid ?? '';
    main.inventory.store.instances.update(uuid, { taskState: 'powering-off' });
    render(<InstancesScreen />);
    act(() => useInstancesStore.getState().applyChanges({ instances: [{ ...(byName.get('a') as Instance), taskState: 'powering-off' }], hosts: [], removedHosts: [] }));
    expect(within(row(byName.get('a'))).getByTestId(testIds.instanceTask).dataset.task).toBe('powering-off');
  });

  it('an action asked for and not answered yet shows in its row, and only there', async () => {
    const { byName } = await withInstances(['a', 'b']);
    const uuid = byName.get('a')?.uuid ?? '';
    render(<InstancesScreen />);
    act(() => useInstanceActionsStore.setState({ pending: new Map([[uuid, { action: 'stop', token: 1, since: Date.now() }]]) }));
    expect(within(row(byName.get('a'))).getByTestId(testIds.instanceTask).dataset.pending).toBe('stop');
    expect(within(row(byName.get('b'))).queryByTestId(testIds.instanceTask)).toBeNull();
  });

  it('designed states: loading, no instances, offline with stale rows', async () => {
    const main = start();
    useConnectionStore.getState().attach(main.backend);
    render(<InstancesScreen />);
    expect(screen.getByTestId(testIds.instancesLoading)).toBeTruthy();
    expect((await screen.findByTestId(testIds.instancesEmpty)).dataset.kind).toBe('none');
    cleanup();

    const loaded = await withInstances(['a']);
    const { byName } = loaded;
    render(<InstancesScreen />);
    act(() => {
      loaded.main.backend.setConnection({ status: 'reconnecting', attempt: 1, retryAt: Date.now() + 500, error: 'gone' });
      useInstancesStore.getState().markStale();
    });
    expect(screen.getByTestId(testIds.instancesStale).textContent).toMatch(/^Offline · as of /);
    expect(grid().classList.contains('vtable--stale')).toBe(true);
    expect(row(byName.get('a'))).toBeTruthy();
  });
});
