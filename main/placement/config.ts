import { PlacementInputError } from './errors';
import type { FilterName, SchedulerConfig, WeigherName } from './types';

/** Every filter, in the order they run by default (cheap and most selective first). */
export const ALL_FILTER_NAMES: readonly FilterName[] = Object.freeze([
  'ComputeFilter',
  'CapacityFilter',
  'AvailabilityZoneFilter',
  'AggregateInstanceExtraSpecsFilter',
  'ImagePropertiesFilter',
  'ServerGroupAntiAffinityFilter',
  'ServerGroupAffinityFilter',
  'SameHostFilter',
  'DifferentHostFilter',
]);

/** Every weigher, in the order explanations list them. */
export const ALL_WEIGHER_NAMES: readonly WeigherName[] = Object.freeze([
  'RAMWeigher',
  'CPUWeigher',
  'DiskWeigher',
  'NumInstancesWeigher',
  'BuildFailureWeigher',
  'ServerGroupSoftAffinityWeigher',
  'ServerGroupSoftAntiAffinityWeigher',
]);

/**
 * Defaults: Nova's, except `numInstancesWeightMultiplier` (Nova: 0.0, i.e. off) which we set to −1.0 so that,
 * all else equal, the host with fewer instances wins — what a small lab expects.
 */
export const DEFAULT_SCHEDULER_CONFIG: SchedulerConfig = Object.freeze({
  enabledFilters: ALL_FILTER_NAMES,
  enabledWeighers: ALL_WEIGHER_NAMES,
  hostSubsetSize: 1,
  cpuAllocationRatio: 4.0,
  ramAllocationRatio: 1.0,
  diskAllocationRatio: 1.0,
  reservedHostMemoryMiB: 512,
  reservedHostCpus: 0,
  reservedHostDiskGiB: 0,
  defaultAvailabilityZone: 'nova',
  ramWeightMultiplier: 1.0,
  cpuWeightMultiplier: 1.0,
  diskWeightMultiplier: 1.0,
  numInstancesWeightMultiplier: -1.0,
  buildFailureWeightMultiplier: 1_000_000.0,
  softAffinityWeightMultiplier: 1.0,
  softAntiAffinityWeightMultiplier: 1.0,
});

const NUMERIC_FIELDS = [
  ['cpuAllocationRatio', 'positive'],
  ['ramAllocationRatio', 'positive'],
  ['diskAllocationRatio', 'positive'],
  ['reservedHostMemoryMiB', 'nonNegative'],
  ['reservedHostCpus', 'nonNegative'],
  ['reservedHostDiskGiB', 'nonNegative'],
  ['ramWeightMultiplier', 'finite'],
  ['cpuWeightMultiplier', 'finite'],
  ['diskWeightMultiplier', 'finite'],
  ['numInstancesWeightMultiplier', 'finite'],
  ['buildFailureWeightMultiplier', 'finite'],
  ['softAffinityWeightMultiplier', 'finite'],
  ['softAntiAffinityWeightMultiplier', 'finite'],
] as const satisfies readonly (readonly [keyof SchedulerConfig, 'positive' | 'nonNegative' | 'finite'])[];

function checkNames<T extends string>(field: string, names: readonly unknown[], known: readonly T[]): void {
  const seen = new Set<unknown>();
  for (const n of names) {
    if (!known.includes(n as T)) throw new PlacementInputError(`config.${field}: unknown name ${JSON.stringify(n)} (known: ${known.join(', ')})`);
    if (seen.has(n)) throw new PlacementInputError(`config.${field}: ${String(n)} is listed twice`);
    seen.add(n);
  }
}

// Configs are readonly data reused across many decisions: check each object once.
const resolved = new WeakMap<Partial<SchedulerConfig>, SchedulerConfig>();
const NO_OVERRIDES: Partial<SchedulerConfig> = Object.freeze({});

/** Merge a partial config over the defaults and check it; throws PlacementInputError naming the bad field. */
export function resolveSchedulerConfig(partial: Partial<SchedulerConfig> = NO_OVERRIDES): SchedulerConfig {
  let config = resolved.get(partial);
  if (!config) {
    config = checkConfig(partial);
    // Only a frozen config (with frozen lists) cannot change later; a mutable one is re-checked every time.
    if (isDeepFrozen(partial)) resolved.set(partial, config);
  }
  return config;
}

function isDeepFrozen(partial: Partial<SchedulerConfig>): boolean {
  return (
    Object.isFrozen(partial) &&
    (partial.enabledFilters === undefined || Object.isFrozen(partial.enabledFilters)) &&
    (partial.enabledWeighers === undefined || Object.isFrozen(partial.enabledWeighers))
  );
}

function checkConfig(partial: Partial<SchedulerConfig>): SchedulerConfig {
  const config: SchedulerConfig = { ...DEFAULT_SCHEDULER_CONFIG, ...stripUndefined(partial) };
  if (!Array.isArray(config.enabledFilters)) throw new PlacementInputError('config.enabledFilters must be a list of filter names');
  if (!Array.isArray(config.enabledWeighers)) throw new PlacementInputError('config.enabledWeighers must be a list of weigher names');
  checkNames('enabledFilters', config.enabledFilters, ALL_FILTER_NAMES);
  checkNames('enabledWeighers', config.enabledWeighers, ALL_WEIGHER_NAMES);
  if (!Number.isInteger(config.hostSubsetSize) || config.hostSubsetSize < 1) {
    throw new PlacementInputError(`config.hostSubsetSize must be a whole number ≥ 1, got ${String(config.hostSubsetSize)}`);
  }
  for (const [field, kind] of NUMERIC_FIELDS) {
    const value: unknown = config[field];
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (kind === 'finite' || (kind === 'positive' ? value > 0 : value >= 0));
    if (!ok) {
      const wanted = kind === 'finite' ? 'a finite number' : kind === 'positive' ? 'a number > 0' : 'a number ≥ 0';
      throw new PlacementInputError(`config.${field} must be ${wanted}, got ${String(value)}`);
    }
  }
  if (typeof config.defaultAvailabilityZone !== 'string' || config.defaultAvailabilityZone === '') {
    throw new PlacementInputError('config.defaultAvailabilityZone must be a non-empty string');
  }
  return config;
}

function stripUndefined(partial: Partial<SchedulerConfig>): Partial<SchedulerConfig> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(partial)) if (value !== undefined) out[key] = value;
  return out as Partial<SchedulerConfig>;
}
