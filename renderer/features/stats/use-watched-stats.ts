// The hooks screens use: watch what is on screen, read one instance's series.
import { useEffect } from 'react';
import type { StatsLevel } from '../../../common/model/stats';
import { useStatsStore, type StatsSeries, type StatsStore } from './stats-store';

/**
 * Watch these instances at this level while the calling component is mounted (list rows: `summary`; the details
 * screen: `detail`). Rows mounting together become one `stats.watch`; the same instance watched twice is sampled
 * once.
 */
export function useWatchedStats(uuids: readonly string[], level: StatsLevel, store: StatsStore = useStatsStore): void {
  // The list of UUIDs as one value, so a new array with the same instances does not re-watch.
  const key = uuids.join(',');
  useEffect(() => {
    if (key === '') return undefined;
    return store.getState().retain(level, key.split(','));
  }, [key, level, store]);
}

/** One instance's series at a level (undefined until it has any), re-rendering only when that series changes. */
export function useInstanceStats(uuid: string, level: StatsLevel, store: StatsStore = useStatsStore): StatsSeries | undefined {
  return store((state) => state[level][uuid]);
}
