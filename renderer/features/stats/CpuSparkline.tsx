import { useInstanceStats, useWatchedStats } from './use-watched-stats';
import { Sparkline } from './Sparkline';
import { formatChartValue } from './stats-charts';
import './stats.css';

/** Points a list row draws: the last minute at the summary level's 2 s interval. */
const ROW_POINTS = 30;

/**
 * A list row's CPU: watches the instance at the summary level while the row is on screen, and draws its recent CPU %
 * as a sparkline with the latest figure in the tooltip; a dash with the reason when there are no figures.
 */
export function CpuSparkline(props: { readonly uuid: string; readonly width?: number; readonly height?: number }) {
  useWatchedStats([props.uuid], 'summary');
  const series = useInstanceStats(props.uuid, 'summary');
  if (series?.unavailable != null) {
    return (
      <span className="stats-none muted" title={series.unavailable}>
        –
      </span>
    );
  }
  const values = (series?.points ?? []).slice(-ROW_POINTS).map((point) => point.cpu);
  const latest = values.findLast((value) => value !== null) ?? null;
  if (latest === null) {
    return (
      <span className="stats-none muted" title="Waiting for CPU figures">
        …
      </span>
    );
  }
  return <Sparkline values={values} width={props.width ?? 48} height={props.height ?? 16} label={`CPU ${formatChartValue(latest, 'percent')}`} />;
}
