// What the details graphs draw, from an instance's points: pure, so it is tested without a canvas.
import type { StatsPoint } from '../../../common/model/stats';
import { formatBytes } from '../../shared/format/format';

/** What a chart's values measure. */
export type ChartUnit = 'percent' | 'bytes' | 'bytesPerSecond';

/** One line of a chart. */
export interface ChartSeries {
  readonly label: string;
  /** One value per x; null draws a gap. */
  readonly values: readonly (number | null)[];
  /** The CSS custom property its colour comes from (light and dark themes set it). */
  readonly colorVar: string;
  /** Drawn dashed (the second line of a pair: writes, sent packets). */
  readonly dashed: boolean;
}

/** One chart. */
export interface ChartModel {
  readonly id: 'cpu' | 'memory' | 'disk' | 'net';
  readonly title: string;
  readonly unit: ChartUnit;
  /** Sample times in seconds (uPlot's time scale). */
  readonly xs: readonly number[];
  readonly series: readonly ChartSeries[];
  /** Why the chart has no lines (no disk, no interface), when it has none. */
  readonly emptyText: string | null;
}

/** The four charts of the details screen. */
export interface StatsCharts {
  readonly cpu: ChartModel;
  readonly memory: ChartModel;
  readonly disk: ChartModel;
  readonly net: ChartModel;
}

/** Chart colours, in order (stats.css sets them for light and dark). */
export const CHART_COLOR_VARS = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6'] as const;

const colorOf = (index: number): string => CHART_COLOR_VARS[index % CHART_COLOR_VARS.length] ?? '--chart-1';

/** A gap longer than this many intervals (nobody watched, the host was down) is drawn as a break in the line. */
const GAP_INTERVALS = 2.5;

/** Build the charts. `intervalMs` is the sampling interval, to tell a gap from a late sample. */
export function statsCharts(points: readonly StatsPoint[], intervalMs = 1_000): StatsCharts {
  const rows = withGaps(points, intervalMs);
  const xs = rows.map((row) => row.t / 1000);
  const column = (read: (point: StatsPoint) => number | null | undefined): (number | null)[] => rows.map((row) => (row.point === null ? null : (read(row.point) ?? null)));
  const kib = (value: number | null | undefined): number | null => (value === null || value === undefined ? null : value * 1024);

  const cpu: ChartModel = {
    id: 'cpu',
    title: 'CPU',
    unit: 'percent',
    xs,
    series: [{ label: 'CPU', values: column((p) => p.cpu), colorVar: colorOf(0), dashed: false }],
    emptyText: null,
  };

  const memorySeries = [
    { label: 'Current', values: column((p) => kib(p.memory?.currentKiB)), colorVar: colorOf(0), dashed: false },
    { label: 'Maximum', values: column((p) => kib(p.memory?.maximumKiB)), colorVar: colorOf(3), dashed: true },
    { label: 'Usable by the guest', values: column((p) => kib(p.memory?.usableKiB)), colorVar: colorOf(1), dashed: false },
    { label: 'Host RSS', values: column((p) => kib(p.memory?.rssKiB)), colorVar: colorOf(2), dashed: false },
  ].filter((series) => series.values.some((value) => value !== null));
  const memory: ChartModel = { id: 'memory', title: 'Memory', unit: 'bytes', xs, series: memorySeries, emptyText: memorySeries.length === 0 ? 'No memory figures' : null };

  /** One solid and one dashed line per device, a colour each. */
  function deviceChart<D extends { readonly name: string }>(
    chart: Pick<ChartModel, 'id' | 'title' | 'emptyText'>,
    devices: (point: StatsPoint) => readonly D[] | undefined,
    lines: readonly [solid: [suffix: string, read: (device: D) => number | null], dashed: [suffix: string, read: (device: D) => number | null]],
  ): ChartModel {
    const names = deviceNames(points, devices);
    return {
      ...chart,
      unit: 'bytesPerSecond',
      xs,
      series: names.flatMap((name, i) =>
        lines.map(([suffix, read], line) => ({
          label: `${name} ${suffix}`,
          values: column((p) => {
            const device = devices(p)?.find((d) => d.name === name);
            return device === undefined ? null : read(device);
          }),
          colorVar: colorOf(i),
          dashed: line === 1,
        })),
      ),
      emptyText: names.length === 0 ? chart.emptyText : null,
    };
  }
  const disk = deviceChart({ id: 'disk', title: 'Disk I/O', emptyText: 'No disks' }, (p) => p.disks, [
    ['read', (d) => d.readBps],
    ['write', (d) => d.writeBps],
  ]);
  const net = deviceChart({ id: 'net', title: 'Network I/O', emptyText: 'No network interfaces' }, (p) => p.nets, [
    ['received', (n) => n.rxBps],
    ['sent', (n) => n.txBps],
  ]);

  return { cpu, memory, disk, net };
}

/** The points in order, with an empty row in the middle of every gap so lines break there. */
function withGaps(points: readonly StatsPoint[], intervalMs: number): { t: number; point: StatsPoint | null }[] {
  const rows: { t: number; point: StatsPoint | null }[] = [];
  let previous: StatsPoint | undefined;
  for (const point of points) {
    if (previous !== undefined && point.t - previous.t > GAP_INTERVALS * intervalMs) rows.push({ t: (previous.t + point.t) / 2, point: null });
    rows.push({ t: point.t, point });
    previous = point;
  }
  return rows;
}

/** Device names in the order they first appear. */
function deviceNames(points: readonly StatsPoint[], devices: (point: StatsPoint) => readonly { readonly name: string }[] | undefined): string[] {
  const names = new Set<string>();
  for (const point of points) for (const device of devices(point) ?? []) names.add(device.name);
  return [...names];
}

/** A value in a chart's unit, for axes, legends and tooltips; `–` for none. */
export function formatChartValue(value: number | null | undefined, unit: ChartUnit): string {
  if (value === null || value === undefined) return '–';
  switch (unit) {
    case 'percent':
      return `${value.toFixed(value >= 10 || value === 0 ? 0 : 1)} %`;
    case 'bytes':
      return formatBytes(value);
    case 'bytesPerSecond':
      return `${formatBytes(value)}/s`;
  }
}

/** A rate of operations or packets: `12 /s`, `0.5 /s`. */
export function formatPerSecond(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return `${value >= 10 || value === 0 ? Math.round(value) : value.toFixed(1)} /s`;
}
