// @vitest-environment happy-dom
// A stop that timed out leaves a notice with Force off: offered only while the toolbar would allow it (connected, the
// instance still running, nothing asked for it yet), and a double click sends it once.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Instance } from '../../../../../../common/contract/schemas';
import { ActionNoticeBanner } from '../../../../../../renderer/features/instances/actions/ActionNoticeBanner';
import { useActionsUiStore } from '../../../../../../renderer/features/instances/actions/actions-ui-store';
import { actionTestIds } from '../../../../../../renderer/features/instances/actions/test-ids';
import { useInstancesStore } from '../../../../../../renderer/shared/stores/instances-store';
import { useMainBackend } from '../../../main-backend';
import { resetForceOffStores, runningAndStopped, timedOut } from './force-off-fixture';

const start = useMainBackend();

beforeEach(resetForceOffStores);
afterEach(() => cleanup());

const noticeOn = (instance: Instance) => useActionsUiStore.setState({ notices: new Map([[instance.uuid, { label: 'Stop', line: timedOut(instance), kind: 'not-done' as const }]]) });
const shown = (instance: Instance) => useInstancesStore.getState().rows?.find((row) => row.uuid === instance.uuid) ?? instance;

describe('the action notice', () => {
  it('Force off: a double click sends one instances.act', async () => {
    const main = start();
    const { a } = await runningAndStopped(main);
    noticeOn(a);
    render(<ActionNoticeBanner instance={shown(a)} />);
    const force = screen.getByTestId(actionTestIds.noticeForce);
    expect(force.getAttribute('aria-disabled')).toBe('false');
    await act(async () => {
      fireEvent.click(force);
      fireEvent.click(force);
      await Promise.resolve();
    });
    expect(main.backend.calls.filter((c) => c === 'instances.act')).toHaveLength(1);
  });

  it('Force off is disabled with the reason while offline, and once the instance has stopped; nothing is sent', async () => {
    const main = start();
    const { a, b } = await runningAndStopped(main);
    noticeOn(b);
    const { unmount } = render(<ActionNoticeBanner instance={shown(b)} />);
    const stopped = screen.getByTestId(actionTestIds.noticeForce);
    expect(stopped.getAttribute('aria-disabled')).toBe('true');
    expect(stopped.getAttribute('title')).toMatch(/stopped/);
    fireEvent.click(stopped);
    unmount();
    noticeOn(a);
    render(<ActionNoticeBanner instance={shown(a)} />);
    act(() => main.backend.setConnection({ status: 'failed', error: 'gone' }));
    const offline = screen.getByTestId(actionTestIds.noticeForce);
    expect(offline.getAttribute('aria-disabled')).toBe('true');
    expect(offline.getAttribute('title')).toBe('Not connected to Virt Deck');
    fireEvent.click(offline);
    expect(main.backend.calls).not.toContain('instances.act');
  });
});
