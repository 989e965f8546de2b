// @vitest-environment happy-dom
// The header's Activity button and its panel in a DOM against main: the running count, the panel taking focus,
// Escape handing it back, and a bulk action's progress and outcome as main reports them.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityButton, activityTestIds, followActivity, useActivityStore } from '../../../../../renderer/features/activity';
import { useConnectionStore } from '../../../../../renderer/shared/stores/connection-store';
import { resetStore, useMainBackend } from '../../main-backend';

const start = useMainBackend();

beforeEach(() => {
  resetStore(useActivityStore);
  resetStore(useConnectionStore);
});
afterEach(() => cleanup());

describe('activity button and panel', () => {
  it('counts the running, opens a panel that takes focus, lists progress and outcome; Escape closes it', async () => {
    const main = start();
    useConnectionStore.getState().attach(main.backend);
    const unfollow = followActivity(main.backend);
    await act(() => useActivityStore.getState().load());
    render(<ActivityButton />);
    const button = screen.getByTestId(activityTestIds.button);
    expect(button.dataset.running).toBe('0');
    const now = new Date().toISOString();
    act(() =>
      main.app.service.emit('activity.changed', {
        changed: [{ id: 'b1', kind: 'bulk', title: 'Stop 3 instances', refs: {}, state: 'running', progress: { kind: 'steps', step: 1, of: 3 }, message: null, startedAt: now, finishedAt: null }],
        removed: [],
      }),
    );
    expect(button.dataset.running).toBe('1');
    expect(button.getAttribute('aria-label')).toBe('Activity, 1 running');
    button.focus();
    fireEvent.click(button);
    const panel = screen.getByTestId(activityTestIds.panel);
    expect(document.activeElement).toBe(panel);
    expect(screen.getByTestId(activityTestIds.item('b1')).textContent).toContain('1 of 3');
    act(() =>
      main.app.service.emit('activity.changed', {
        changed: [{ id: 'b1', kind: 'bulk', title: 'Stop 3 instances', refs: {}, state: 'failed', progress: { kind: 'steps', step: 3, of: 3 }, message: '2 of 3 done, 1 refused or not done', startedAt: now, finishedAt: now }],
        removed: [],
      }),
    );
    const item = screen.getByTestId(activityTestIds.item('b1'));
    expect(item.dataset.state).toBe('failed');
    expect(item.textContent).toContain('2 of 3 done, 1 refused or not done');
    expect(button.dataset.running).toBe('0');
    fireEvent.keyDown(panel, { key: 'Escape' });
    expect(screen.queryByTestId(activityTestIds.panel)).toBeNull();
    expect(document.activeElement).toBe(button);
    unfollow();
  });

  it('says when there is nothing to show', async () => {
    const main = start();
    useConnectionStore.getState().attach(main.backend);
    await act(() => useActivityStore.getState().load());
    useActivityStore.getState().setOpen(true);
    render(<ActivityButton />);
    expect(screen.getByTestId(activityTestIds.empty).textContent).toContain('Nothing running');
  });
});
