// Live statistics: what viewers watch, sampled with one bulk stats call per host per interval (docs/stats.md).
export { LEVEL_GROUPS, sampleHost, type HostSample, type HostSampleOptions, type TargetReading } from './host-sample';
export { computePoint, type Baseline, type PointInput } from './rates';
export { readRawStats, type RawDomainStats } from './raw-stats';
export { Ring } from './ring';
export { StatsCollector, type StatsBatch, type StatsCollectorOptions } from './stats-collector';
export { statsHandlers } from './stats-handlers';
export { driverOf, inventoryTargets, type StatsResolution, type StatsTarget, type StatsUnresolved, type TargetResolver } from './targets';
export { WatchRegistry, type WatchChange } from './watches';
