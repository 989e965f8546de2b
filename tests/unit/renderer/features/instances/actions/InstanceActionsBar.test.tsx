// @vitest-environment happy-dom
// The lifecycle bars in a DOM against main (real facade, real SQLite inventory, in-process): buttons live only where
// the guards allow, the disabled ones saying why in the guard's words; an action on one instance follows the feed; a
// refusal leaves a notice; an action on several goes through instances.bulk and ends in the summary. The instances
// have no host, so main refuses what needs one (its real refusal) and does for real what does not (lock, unlock).
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Instance } from '../../../../../../common/contract/schemas';
import { useInstanceDetailStore } from '../../../../../../renderer/features/instance-detail/instance-detail-store';
import { useActionsUiStore } from '../../../../../../renderer/features/instances/actions/actions-ui-store';
import { actionTestIds } from '../../../../../../renderer/features/instances/actions/test-ids';
import { InstancesScreen } from '../../../../../../renderer/features/instances/InstancesScreen';
import { useInstancesViewStore } from '../../../../../../renderer/features/instances/instances-view-store';
import { useConnectionStore } from '../../../../../../renderer/shared/stores/connection-store';
import { useInstanceActionsStore } from '../../../../../../renderer/shared/stores/instance-actions-store';
import { useInstancesStore } from '../../../../../../renderer/shared/stores/instances-store';
import { instanceRowId, testIds } from '../../../../../../renderer/testIds';
import { resetStore, useMainBackend, type MainFixture } from '../../../main-backend';
import { useGridHeight } from '../../../shared/table/grid-height';

const start = useMainBackend();

useGridHeight(600);

beforeEach(() => {
  for (const store of [useInstancesStore, useInstancesViewStore, useInstanceDetailStore, useInstanceActionsStore, useConnectionStore, useActionsUiStore]) resetStore(store as never);
  sessionStorage.clear();
});
afterEach(() => cleanup());

async function setup(): Promise<{ main: MainFixture; a: Instance; b: Instance; c: Instance }> {
  const main = start();
  const a = await main.addInstance(null, { name: 'a' });
  const b = await main.addInstance(null, { name: 'b', vmState: 'stopped', powerState: 4 });
  const c = await main.addInstance(null, { name: 'c' });
  main.inventory.store.instances.update(c.uuid, { locked: true });
  useConnectionStore.getState().attach(main.backend);
  await useInstancesStore.getState().load();
  return { main, a, b, c };
}

const button = (scope: 'list' | 'detail', action: string) => screen.getByTestId(actionTestIds.button(scope, action));
const tooltip = (scope: 'list' | 'detail', action: string) => screen.getByTestId(actionTestIds.tooltip(scope, action)).textContent;
const row = (instance: Instance) => screen.getByTestId(instanceRowId(instance.uuid));

describe('lifecycle actions', () => {
  it('nothing selected: every button disabled and says so; one selected: the guard decides and its words are the tooltip', async () => {
    const { a, c } = await setup();
    render(<InstancesScreen />);
    expect(button('list', 'start').getAttribute('aria-disabled')).toBe('true');
    expect(tooltip('list', 'start')).toBe('Select an instance first');
    fireEvent.click(row(a));
    expect(button('list', 'start').getAttribute('aria-disabled')).toBe('true');
    expect(tooltip('list', 'start')).toBe("Cannot 'start' instance a while it is in vm_state active");
    expect(button('list', 'stop').getAttribute('aria-disabled')).toBe('false');
    expect(tooltip('list', 'stop')).toBe('Stop a');
    fireEvent.click(row(c));
    expect(tooltip('list', 'stop')).toBe('Instance c is locked');
    expect(button('list', 'unlock')).toBeTruthy();
    // A disabled button does nothing when pressed (it stays focusable to be read).
    fireEvent.click(button('list', 'stop'));
    expect(useInstanceActionsStore.getState().pending.size).toBe(0);
  });

  // Without live hosts main pushes no inventory.changed here; the list is loaded again instead (e2e sees the feed).
  it('lock from the toolbar: main locks it; the row locked, the pair turns to Unlock', async () => {
    const { main, a } = await setup();
    render(<InstancesScreen />);
    fireEvent.click(row(a));
    await act(async () => {
      fireEvent.click(button('list', 'lock'));
      await Promise.resolve();
    });
    await act(() => useInstancesStore.getState().load());
    await screen.findByTestId(actionTestIds.button('list', 'unlock'));
    expect((await main.show(a.uuid)).locked).toBe(true);
    expect(tooltip('list', 'stop')).toBe('Instance a is locked');
    expect(main.backend.calls).toContain('instances.act');
  });

  it('a refusal on one instance leaves a notice with main’s words, in the details bar too; Dismiss clears it', async () => {
    const { a } = await setup();
    render(<InstancesScreen />);
    fireEvent.click(row(a));
    await screen.findByTestId(testIds.instanceDetail);
    await act(async () => {
      fireEvent.click(button('detail', 'stop'));
      await Promise.resolve();
    });
    const notices = await screen.findAllByTestId(actionTestIds.notice(a.uuid));
    expect(notices.length).toBe(2);
    expect(notices[0]?.dataset.kind).toBe('refused');
    expect(notices[0]?.textContent).toMatch(/Stop refused: .*\S/);
    fireEvent.click(within(notices[0] as HTMLElement).getByTestId(actionTestIds.noticeDismiss));
    expect(screen.queryAllByTestId(actionTestIds.notice(a.uuid))).toHaveLength(0);
  });

  it('several selected: one instances.bulk, then the summary names what was refused and why, per instance', async () => {
    const { main, a, b, c } = await setup();
    render(<InstancesScreen />);
    fireEvent.click(row(a));
    fireEvent.click(row(b), { ctrlKey: true });
    fireEvent.click(row(c), { ctrlKey: true });
    expect(tooltip('list', 'stop')).toMatch(/^Stop 1 of 3: 2 left out \(Cannot 'stop' instance b while it is in vm_state stopped, …\)$/);
    expect(tooltip('list', 'pause')).toBe('Pause acts on one instance at a time: select only one');
    // Asked and not answered yet: each row's Task State says so (main's task_state takes over through the feed).
    fireEvent.click(button('list', 'stop'));
    for (const instance of [a, b, c]) expect(within(row(instance)).getByTestId(testIds.instanceTask).dataset.pending).toBe('stop');
    expect(tooltip('list', 'stop')).toMatch(/task_state stop \(asked\)/);
    const summary = await screen.findByTestId(actionTestIds.summary);
    expect(main.backend.calls.filter((call) => call === 'instances.bulk')).toHaveLength(1);
    expect(summary.textContent).toContain('Stop 3 instances');
    const refused = within(summary).getByTestId(actionTestIds.summaryRefused);
    expect(refused.dataset.count).toBe('3');
    expect(refused.textContent).toContain("Cannot 'stop' instance b while it is in vm_state stopped");
    expect(refused.textContent).toContain('Instance c is locked');
    fireEvent.click(screen.getByTestId(actionTestIds.summaryClose));
    expect(screen.queryByTestId(actionTestIds.summary)).toBeNull();
  });

  it('the row menu has the same actions with the same reasons', async () => {
    const { b } = await setup();
    render(<InstancesScreen />);
    fireEvent.contextMenu(row(b));
    const menu = await screen.findByTestId(testIds.instanceMenu);
    const stop = within(menu).getByTestId(testIds.instanceMenuItem('action-stop'));
    expect(stop.getAttribute('aria-disabled')).toBe('true');
    expect(stop.getAttribute('title')).toBe("Cannot 'stop' instance b while it is in vm_state stopped");
    expect(within(menu).getByTestId(testIds.instanceMenuItem('action-start')).getAttribute('aria-disabled')).not.toBe('true');
  });
});
