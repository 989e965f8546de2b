// @vitest-environment happy-dom
// The list row's sparkline and the details graphs, rendered over main's real facade and collector in process.
import { act, cleanup, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setBackend } from '../../../../../renderer/shared/backend/current-backend';
import { CpuSparkline } from '../../../../../renderer/features/stats/CpuSparkline';
import { StatsGraphs } from '../../../../../renderer/features/stats/StatsGraphs';
import { inProcessMain } from './in-process-stats';

const SECOND = 1_000_000_000n;
// One main and one backend for the file: the app's stats store is a module singleton bound to the backend it first saw.
const main = inProcessMain();

beforeAll(() => {
  vi.useFakeTimers();
  setBackend(main.backend());
});
afterAll(() => {
  vi.useRealTimers();
});
afterEach(() => cleanup());

async function advance(ms: number): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('CpuSparkline', () => {
  it('waits for figures, draws recent CPU % once it has two readings, and stops watching when the row goes', async () => {
    const web = main.instance('web');
    const view = render(createElement(CpuSparkline, { uuid: web.uuid }));
    await advance(0);
    expect(screen.getByTitle('Waiting for CPU figures')).toBeTruthy();
    for (const share of [2n, 4n]) {
      web.cpuTimeNs += SECOND / share;
      await advance(2_000);
    }
    // Readings: the baseline (no rate), 25 %, 12.5 %: a line over the last two, higher on the left.
    const chart = screen.getByRole('img', { name: 'CPU 13 %' });
    expect(chart.querySelector('path')?.getAttribute('d')).toBe('M24.0 11.5L48.0 13.3');
    view.unmount();
    await advance(0);
    expect(main.collector.isSampling('summary')).toBe(false);
  });

  it('shows a dash with the reason when there are no figures', async () => {
    const off = main.instance('off', { state: 5 });
    render(createElement(CpuSparkline, { uuid: off.uuid }));
    // Other rows may be watched already: a new one is read at the next interval.
    await advance(2_000);
    expect(screen.getByTitle('Domain off is shut off').textContent).toBe('–');
  });
});

describe('StatsGraphs', () => {
  it('shows CPU, memory, disk and network with their latest figures and per-device rates', async () => {
    const vm = main.instance('vm', {
      blocks: [{ name: 'vda', rdBytes: 0n, wrBytes: 0n, rdReqs: 0n, wrReqs: 0n }],
      nets: [{ name: 'vnet7', rxBytes: 0n, txBytes: 0n, rxPkts: 0n, txPkts: 0n }],
    });
    render(createElement(StatsGraphs, { uuid: vm.uuid }));
    expect(screen.getByText('Waiting for the first samples…')).toBeTruthy();
    await advance(0);
    vm.cpuTimeNs += SECOND / 4n;
    vm.blocks[0]!.rdBytes += 3n * 1024n * 1024n;
    vm.blocks[0]!.rdReqs += 12n;
    vm.nets[0]!.txPkts += 3n;
    vm.nets[0]!.txBytes += 180n;
    await advance(1_000);
    const caption = (id: string) => screen.getByTestId(`stats-chart-${id}`).querySelector('figcaption')?.textContent;
    expect(caption('cpu')).toBe('CPU25 %');
    expect(caption('memory')).toBe('Memory64.0 MiB of 64.0 MiB');
    expect(caption('disk')).toBe('Disk I/Oread 3.0 MiB/s · write 0 B/s');
    expect(caption('net')).toBe('Network I/Oin 0 B/s · out 180 B/s');
    expect(screen.getByTestId('stats-chart-disk').querySelector('tbody')?.textContent).toBe('vda12 /s0 /s');
    expect(screen.getByTestId('stats-chart-net').querySelector('tbody')?.textContent).toBe('vnet70 /s3.0 /s');
    expect(screen.queryByText('Waiting for the first samples…')).toBeNull();
  });

  it('says why an instance has no live figures, and which devices it lacks', async () => {
    const bare = main.instance('bare');
    render(createElement(StatsGraphs, { uuid: bare.uuid }));
    await advance(1_000);
    expect(screen.getByTestId('stats-chart-disk').textContent).toContain('No disks');
    expect(screen.getByTestId('stats-chart-net').textContent).toContain('No network interfaces');
    cleanup();
    const off = main.instance('down', { state: 5 });
    render(createElement(StatsGraphs, { uuid: off.uuid }));
    await advance(1_000);
    expect(screen.getByRole('status').textContent).toBe('No live figures: Domain down is shut off');
  });
});
