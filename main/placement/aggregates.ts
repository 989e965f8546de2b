import type { Aggregate } from '../../common/model/aggregate';
import { parseDecimal } from '../text/decimal';
import type { HostState } from './types';

const NO_AGGREGATES: readonly never[] = [];

/**
 * All values of one metadata key across a host's aggregates, each comma-separated value split and trimmed
 * (Nova's `aggregate_metadata_get_by_host`). Empty when no aggregate has the key.
 */
export function aggregateMetadataValues(host: HostState, key: string): string[] {
  const aggregates = host.aggregates ?? NO_AGGREGATES;
  const values: string[] = [];
  for (let a = 0; a < aggregates.length; a++) {
    const raw = aggregates[a]!.metadata[key];
    if (raw === undefined) continue;
    for (const part of raw.split(',')) {
      const v = part.trim();
      if (!values.includes(v)) values.push(v);
    }
  }
  return values;
}

const MULTIPLIER_SUFFIX = '_weight_multiplier';

/**
 * Per-host overrides of weight multipliers from aggregate metadata (Nova's `get_weight_multiplier`), found for
 * the hosts that get weighed: only they need a multiplier, and probing every host's aggregates cost more than
 * the weighing itself at 10k hosts.
 */
export interface MultiplierOverrides {
  /** Option name of each weigher (`ram_weight_multiplier`, ...), also the metadata key. */
  readonly keys: readonly string[];
  /** Nova's sign of each weigher's multiplier (−1 for BuildFailureWeigher). */
  readonly signs: readonly number[];
  readonly hostCount: number;
  /**
   * Per weigher: the override by host index, signed, NaN where the host has none; null while no host looked at
   * so far overrides that weigher, the common case.
   */
  readonly values: (Float64Array | null)[];
}

/** No overrides found yet for `hostCount` hosts and the weighers with these option names and signs. */
export function multiplierOverrides(keys: readonly string[], signs: readonly number[], hostCount: number): MultiplierOverrides {
  // Bit masks over weighers below (one bit per weigher); there are seven.
  if (keys.length > 30) throw new RangeError('at most 30 weighers');
  return { keys, signs, hostCount, values: keys.map(() => null) };
}

/**
 * Find the overrides of host `i`: for each option, the smallest numeric value among the host's aggregates; none
 * when a value is not a number (Nova then logs a warning and keeps the configured multiplier). Looking at a host
 * again gives the same result, so attempts of a multi-create may repeat hosts.
 */
export function findMultiplierOverrides(overrides: MultiplierOverrides, host: HostState, i: number): void {
  const aggregates = host.aggregates;
  if (aggregates && hasMultiplierKey(aggregates)) hostOverrides(overrides, aggregates, i);
}

function isMultiplierKey(key: string): boolean {
  // Length and last character first: most keys (ssd, availability_zone, ...) are rejected without a string scan.
  return key.length > MULTIPLIER_SUFFIX.length && key.charCodeAt(key.length - 1) === 114 && key.endsWith(MULTIPLIER_SUFFIX);
}

function hasMultiplierKey(aggregates: readonly Aggregate[]): boolean {
  for (let a = 0; a < aggregates.length; a++) {
    for (const key in aggregates[a]!.metadata) if (isMultiplierKey(key)) return true;
  }
  return false;
}

/** The rare host with a multiplier key: its smallest value per option, then signed. */
function hostOverrides(overrides: MultiplierOverrides, aggregates: readonly Aggregate[], i: number): void {
  const { keys, signs, values } = overrides;
  const smallest = new Float64Array(keys.length).fill(NaN);
  let seen = 0;
  let bad = 0;
  for (let a = 0; a < aggregates.length; a++) {
    const metadata = aggregates[a]!.metadata;
    for (const key in metadata) {
      if (!isMultiplierKey(key)) continue;
      const w = keys.indexOf(key);
      if (w < 0) continue;
      const raw = metadata[key]!;
      const parsed = parseDecimal(raw);
      seen |= 1 << w;
      if (!Number.isFinite(parsed)) bad |= 1 << w;
      else if (!(smallest[w]! <= parsed)) smallest[w] = parsed;
    }
  }
  for (let w = 0; w < keys.length; w++) {
    // An unparsable value anywhere keeps the configured multiplier, as Nova does on ValueError.
    if ((seen & (1 << w)) === 0 || (bad & (1 << w)) !== 0) continue;
    (values[w] ??= new Float64Array(overrides.hostCount).fill(NaN))[i] = signs[w]! * smallest[w]!;
  }
}
