import { describe, expect, it } from 'vitest';
import type { StatsPoint } from '../../../../../common/model/stats';
import { formatChartValue, formatPerSecond, statsCharts } from '../../../../../renderer/features/stats/stats-charts';

const memory = { currentKiB: 1024, maximumKiB: 2048, rssKiB: 3072, usableKiB: null, availableKiB: null, unusedKiB: null };
const point = (t: number, cpu: number | null, extra: Partial<StatsPoint> = {}): StatsPoint => ({ t, cpu, memory, disks: [], nets: [], ...extra });

describe('statsCharts', () => {
  it('draws CPU %, the memory figures the driver gave, and one read/write pair per disk and interface', () => {
    const disks = [{ name: 'vda', readBps: 100, writeBps: 0, readIops: 1, writeIops: 0 }];
    const nets = [{ name: 'vnet0', rxBps: 10, txBps: 20, rxPps: 1, txPps: 2 }];
    const charts = statsCharts([point(1_000, null, { disks, nets }), point(2_000, 12.5, { disks, nets })]);
    expect(charts.cpu).toMatchObject({ unit: 'percent', xs: [1, 2], series: [{ label: 'CPU', values: [null, 12.5] }] });
    // Usable is null throughout (no balloon driver in the guest): no line for it.
    expect(charts.memory.series.map((s) => [s.label, s.values])).toEqual([
      ['Current', [1024 * 1024, 1024 * 1024]],
      ['Maximum', [2048 * 1024, 2048 * 1024]],
      ['Host RSS', [3072 * 1024, 3072 * 1024]],
    ]);
    expect(charts.disk.series.map((s) => [s.label, s.dashed, s.values])).toEqual([
      ['vda read', false, [100, 100]],
      ['vda write', true, [0, 0]],
    ]);
    expect(charts.net.series.map((s) => s.label)).toEqual(['vnet0 received', 'vnet0 sent']);
    expect(charts.disk.series[0]?.colorVar).toBe(charts.disk.series[1]?.colorVar);
  });

  it('breaks the lines over a gap, and follows devices that come and go', () => {
    const vdb = { name: 'vdb', readBps: 5, writeBps: 5, readIops: 1, writeIops: 1 };
    const charts = statsCharts([point(1_000, 1), point(2_000, 2, { disks: [vdb] }), point(10_000, 3)]);
    expect(charts.cpu.xs).toEqual([1, 2, 6, 10]);
    expect(charts.cpu.series[0]?.values).toEqual([1, 2, null, 3]);
    expect(charts.disk.series[0]).toMatchObject({ label: 'vdb read', values: [null, 5, null, null] });
  });

  it('says when there is nothing to draw', () => {
    const charts = statsCharts([point(1_000, 1)]);
    expect(charts.disk.emptyText).toBe('No disks');
    expect(charts.net.emptyText).toBe('No network interfaces');
    expect(charts.cpu.emptyText).toBeNull();
  });
});

describe('formatting', () => {
  it('uses binary units and per-second suffixes', () => {
    expect(formatChartValue(2 * 1024 * 1024, 'bytesPerSecond')).toBe('2.0 MiB/s');
    expect(formatChartValue(5.25, 'percent')).toBe('5.3 %');
    expect(formatChartValue(42.4, 'percent')).toBe('42 %');
    expect(formatChartValue(null, 'bytes')).toBe('–');
    expect(formatPerSecond(0.5)).toBe('0.5 /s');
    expect(formatPerSecond(31.6)).toBe('32 /s');
  });
});
