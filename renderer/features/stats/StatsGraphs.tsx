import { useMemo } from 'react';
import type { StatsPoint } from '../../../common/model/stats';
import { formatChartValue, formatPerSecond, statsCharts, type ChartModel } from './stats-charts';
import { UPlotChart } from './UPlotChart';
import { useInstanceStats, useWatchedStats } from './use-watched-stats';
import './stats.css';

function sum(values: readonly (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}

/** The figure beside a chart's title: the latest value, or the latest totals. */
function latestText(model: ChartModel, last: StatsPoint | undefined): string {
  if (last === undefined) return '';
  switch (model.id) {
    case 'cpu':
      return formatChartValue(last.cpu, 'percent');
    case 'memory': {
      const m = last.memory;
      if (m === undefined || m.currentKiB === null) return '';
      return m.maximumKiB === null ? formatChartValue(m.currentKiB * 1024, 'bytes') : `${formatChartValue(m.currentKiB * 1024, 'bytes')} of ${formatChartValue(m.maximumKiB * 1024, 'bytes')}`;
    }
    case 'disk': {
      const disks = last.disks ?? [];
      if (disks.length === 0) return '';
      return `read ${formatChartValue(sum(disks.map((d) => d.readBps)), 'bytesPerSecond')} · write ${formatChartValue(sum(disks.map((d) => d.writeBps)), 'bytesPerSecond')}`;
    }
    case 'net': {
      const nets = last.nets ?? [];
      if (nets.length === 0) return '';
      return `in ${formatChartValue(sum(nets.map((n) => n.rxBps)), 'bytesPerSecond')} · out ${formatChartValue(sum(nets.map((n) => n.txBps)), 'bytesPerSecond')}`;
    }
  }
}

/** Operations and packets per second per device, from the latest point: what the byte charts do not show. */
function DeviceRates(props: { readonly kind: 'disk' | 'net'; readonly last: StatsPoint | undefined }) {
  const rows =
    props.kind === 'disk'
      ? (props.last?.disks ?? []).map((d) => [d.name, formatPerSecond(d.readIops), formatPerSecond(d.writeIops)] as const)
      : (props.last?.nets ?? []).map((n) => [n.name, formatPerSecond(n.rxPps), formatPerSecond(n.txPps)] as const);
  if (rows.length === 0) return null;
  const [first, second] = props.kind === 'disk' ? ['Read IOPS', 'Write IOPS'] : ['Packets in', 'Packets out'];
  return (
    <table className="stats-device-rates">
      <thead>
        <tr>
          <th>{props.kind === 'disk' ? 'Disk' : 'Interface'}</th>
          <th>{first}</th>
          <th>{second}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, a, b]) => (
          <tr key={name}>
            <td>{name}</td>
            <td>{a}</td>
            <td>{b}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The details screen's live graphs — CPU %, memory, disk and network I/O — for one instance. It watches the
 * instance at the detail level while mounted (1 s samples) and draws the recent history main kept at once.
 */
export function StatsGraphs(props: { readonly uuid: string }) {
  useWatchedStats([props.uuid], 'detail');
  const series = useInstanceStats(props.uuid, 'detail');
  const points = series?.points;
  const charts = useMemo(() => statsCharts(points ?? []), [points]);
  const last = points?.at(-1);
  const waiting = series === undefined || (points?.length === 0 && series.unavailable === null);
  return (
    <section className="stats-graphs" aria-label="Live statistics" data-testid="stats-graphs">
      {series?.unavailable != null && (
        <p className="stats-unavailable" role="status">
          No live figures: {series.unavailable}
        </p>
      )}
      {waiting && <p className="muted">Waiting for the first samples…</p>}
      <div className="stats-grid">
        {[charts.cpu, charts.memory, charts.disk, charts.net].map((model) => (
          <figure key={model.id} className="stats-chart" data-testid={`stats-chart-${model.id}`}>
            <figcaption>
              <span className="stats-chart-title">{model.title}</span>
              <span className="stats-latest">{latestText(model, last)}</span>
            </figcaption>
            {model.emptyText !== null && points !== undefined && points.length > 0 ? <p className="muted stats-empty">{model.emptyText}</p> : <UPlotChart model={model} />}
            {(model.id === 'disk' || model.id === 'net') && <DeviceRates kind={model.id} last={last} />}
          </figure>
        ))}
      </div>
    </section>
  );
}
