// @vitest-environment happy-dom
// The bulk summary's Force off: only for the instances the toolbar would force off now, disabled with the reason when
// none, and a double click sends once.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BulkSummaryDialog } from '../../../../../../renderer/features/instances/actions/BulkSummaryDialog';
import { useActionsUiStore } from '../../../../../../renderer/features/instances/actions/actions-ui-store';
import { actionTestIds } from '../../../../../../renderer/features/instances/actions/test-ids';
import { useInstancesStore } from '../../../../../../renderer/shared/stores/instances-store';
import { useMainBackend } from '../../../main-backend';
import { resetForceOffStores, runningAndStopped, timedOut } from './force-off-fixture';

const start = useMainBackend();

beforeEach(resetForceOffStores);
afterEach(() => cleanup());

describe('the bulk summary', () => {
  it('Force off sends only the instances still running, once for a double click', async () => {
    const main = start();
    const { a, b } = await runningAndStopped(main);
    useActionsUiStore.setState({ summary: { label: 'Stop', done: [], notDone: [timedOut(a), timedOut(b)], refused: [] } });
    render(<BulkSummaryDialog rows={useInstancesStore.getState().rows ?? []} />);
    const force = screen.getByTestId(actionTestIds.summaryForce);
    expect(force.getAttribute('aria-disabled')).toBe('false');
    expect(force.textContent).toBe('Force off 1');
    await act(async () => {
      fireEvent.click(force);
      fireEvent.click(force);
      await Promise.resolve();
    });
    // One instance left to force: instances.act for it (b, stopped, is not sent).
    expect(main.backend.calls.filter((c) => c === 'instances.act' || c === 'instances.bulk')).toEqual(['instances.act']);
  });

  it('offline: Force off is disabled with the reason and sends nothing', async () => {
    const main = start();
    const { a } = await runningAndStopped(main);
    useActionsUiStore.setState({ summary: { label: 'Stop', done: [], notDone: [timedOut(a)], refused: [] } });
    render(<BulkSummaryDialog rows={useInstancesStore.getState().rows ?? []} />);
    act(() => main.backend.setConnection({ status: 'failed', error: 'gone' }));
    const force = screen.getByTestId(actionTestIds.summaryForce);
    expect(force.getAttribute('aria-disabled')).toBe('true');
    expect(force.getAttribute('title')).toBe('Not connected to Virt Deck');
    fireEvent.click(force);
    expect(main.backend.calls).not.toContain('instances.act');
  });
});
