// Live statistics in the UI (docs/stats.md): the store and hooks, the list row's sparkline, the details graphs.
export { CpuSparkline } from './CpuSparkline';
export { Sparkline } from './Sparkline';
export { StatsGraphs } from './StatsGraphs';
export { createStatsStore, useStatsStore, type StatsSeries, type StatsState, type StatsStore } from './stats-store';
export { useInstanceStats, useWatchedStats } from './use-watched-stats';
