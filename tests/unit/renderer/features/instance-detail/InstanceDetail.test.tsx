// @vitest-environment happy-dom
// The details panel in a DOM against main (real facade, real SQLite inventory, in-process): its tabs by mouse and
// keyboard, the graphs watching only while shown, and the domain XML shown as text, never as markup.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useConsoleStore } from '../../../../../renderer/features/console';
import { InstanceDetail } from '../../../../../renderer/features/instance-detail/InstanceDetail';
import { useInstanceDetailStore } from '../../../../../renderer/features/instance-detail/instance-detail-store';
import { detailTestIds } from '../../../../../renderer/features/instance-detail/test-ids';
import { XmlView } from '../../../../../renderer/features/instance-detail/tabs/XmlView';
import { useStatsStore } from '../../../../../renderer/features/stats';
import { useInstancesStore } from '../../../../../renderer/shared/stores/instances-store';
import { testIds } from '../../../../../renderer/testIds';
import { resetStore, useMainBackend } from '../../main-backend';

const start = useMainBackend();

beforeEach(() => {
  resetStore(useInstancesStore);
  resetStore(useInstanceDetailStore);
});
afterEach(() => cleanup());

describe('the details panel', () => {
  it('shows the overview first, moves between tabs by click and arrow keys, and closes', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    const web = await main.addInstance(host.id, { name: 'web', keyName: 'alice' });
    await act(() => useInstanceDetailStore.getState().open(web.uuid));
    render(<InstanceDetail />);
    expect(screen.getByTestId(detailTestIds.actionsSlot)).toBeTruthy();
    expect(screen.getByTestId(testIds.instanceDetailValue('key_name')).textContent).toBe('alice');
    expect(screen.getByTestId(detailTestIds.tab('overview')).getAttribute('aria-selected')).toBe('true');

    await act(async () => {
      fireEvent.click(screen.getByTestId(detailTestIds.tab('actions')));
      await Promise.resolve();
    });
    expect(await screen.findByTestId(detailTestIds.actionLogEmpty)).toBeTruthy();
    await act(async () => {
      fireEvent.keyDown(screen.getByTestId(detailTestIds.tab('actions')), { key: 'ArrowLeft' });
      await Promise.resolve();
    });
    expect(screen.getByTestId(detailTestIds.tab('hardware')).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId(detailTestIds.tab('hardware')));
    // The instance has no libvirt domain: the tab says why it has no XML.
    expect(await screen.findByTestId(detailTestIds.xmlError)).toBeTruthy();

    await act(async () => {
      fireEvent.click(screen.getByTestId(testIds.instanceDetailClose));
      await Promise.resolve();
    });
    expect(screen.queryByTestId(testIds.instanceDetail)).toBeNull();
  });

  it('watches the instance’s statistics only while the Graphs tab is shown and not covered by a console', async () => {
    const main = start();
    const host = await main.addHost('hv1');
    const web = await main.addInstance(host.id, { name: 'web' });
    const retain = vi.spyOn(useStatsStore.getState(), 'retain');
    const released = vi.fn();
    retain.mockImplementation(() => released);
    await act(() => useInstanceDetailStore.getState().open(web.uuid));
    render(<InstanceDetail />);
    expect(retain).not.toHaveBeenCalled();
    await act(async () => {
      fireEvent.click(screen.getByTestId(detailTestIds.tab('graphs')));
      await Promise.resolve();
    });
    expect(retain).toHaveBeenCalledWith('detail', [web.uuid]);
    expect(released).not.toHaveBeenCalled();

    // A console tab covers the list: the watch ends; back on the list, it starts again.
    act(() => useConsoleStore.setState({ active: 'some-console' }));
    expect(released).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId(detailTestIds.graphsPaused)).toBeTruthy();
    act(() => useConsoleStore.setState({ active: null }));
    expect(retain).toHaveBeenCalledTimes(2);

    // Another tab: the watch ends.
    await act(async () => {
      fireEvent.click(screen.getByTestId(detailTestIds.tab('overview')));
      await Promise.resolve();
    });
    expect(released).toHaveBeenCalledTimes(2);
    retain.mockRestore();
  });
});

describe('XmlView', () => {
  it('shows markup inside the XML as text: nothing in it becomes an element', () => {
    const hostile = `<domain><description>&lt;img src=x onerror=alert(1)&gt;</description><title><![CDATA[<script>alert(2)</script><img src=y>]]></title></domain>`;
    const { container } = render(<XmlView xml={hostile} />);
    expect(container.querySelector('img, script')).toBeNull();
    expect(screen.getByTestId(detailTestIds.xml).textContent).toBe(hostile);
    expect([...container.querySelectorAll('.xml__tag')].map((e) => e.textContent)).toEqual(['domain', 'description', 'description', 'title', 'title', 'domain']);
  });
});
