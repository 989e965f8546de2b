import { memo, useMemo } from 'react';
import type { StatsSeries } from './stats-store';
import { useInstanceStats, useWatchedStats } from './use-watched-stats';
import { Sparkline, sparklinePath } from './Sparkline';
import { formatChartValue } from './stats-charts';
import './stats.css';

const NONE: readonly string[] = [];

/** Points a list row draws: the last minute at the summary level's 2 s interval. */
const ROW_POINTS = 30;

/** What a row draws of a series: its drawing and latest figure (null: no figure yet). */
function rowDrawing(series: StatsSeries | undefined, width: number, height: number): { readonly path: string; readonly latest: number | null } {
  const points = series?.points ?? [];
  const values: (number | null)[] = [];
  let latest: number | null = null;
  for (let i = Math.max(0, points.length - ROW_POINTS); i < points.length; i++) {
    const cpu = (points[i] as StatsSeries['points'][number]).cpu;
    values.push(cpu);
    if (cpu !== null) latest = cpu;
  }
  return { path: latest === null ? '' : sparklinePath(values, width, height), latest };
}

/**
 * A list row's CPU: watches the instance at the summary level while the row is on screen (unless `watch` is false: the
 * list watches the rows of its window at once, which costs one effect per jump rather than one per row), and draws its recent CPU %
 * as a sparkline with the latest figure in the tooltip; a dash with the reason when there are no figures. Memoized:
 * a row re-rendering for another reason (selection, the cursor) does not draw it again.
 */
export const CpuSparkline = memo(function CpuSparkline(props: { readonly uuid: string; readonly watch?: boolean; readonly width?: number; readonly height?: number }) {
  const { width = 48, height = 16 } = props;
  useWatchedStats(props.watch === false ? NONE : [props.uuid], 'summary');
  const series = useInstanceStats(props.uuid, 'summary');
  const { path, latest } = useMemo(() => rowDrawing(series, width, height), [series, width, height]);
  if (series?.unavailable != null) {
    return (
      <span className="stats-none muted" title={series.unavailable}>
        –
      </span>
    );
  }
  if (latest === null) {
    return (
      <span className="stats-none muted" title="Waiting for CPU figures">
        …
      </span>
    );
  }
  return <Sparkline path={path} width={width} height={height} label={`CPU ${formatChartValue(latest, 'percent')}`} />;
});
