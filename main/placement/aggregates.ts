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
 * Per-host overrides of weight multipliers from aggregate metadata (Nova's `get_weight_multiplier`): for each
 * option in `keys`, the smallest numeric value among the host's aggregates; NaN where the host has none or a value
 * is not a number (Nova then logs a warning and keeps the configured multiplier). An entry is null when no host
 * overrides that option, the common case.
 * One pass over the hosts, looking only at keys ending in `_weight_multiplier`: probing every aggregate for every
 * option name costs more than the weighing itself at 10k hosts.
 */
export function multiplierOverrides(hosts: readonly HostState[], keys: readonly string[]): (Float64Array | null)[] {
  const out: (Float64Array | null)[] = keys.map(() => null);
  const bad: (Uint8Array | null)[] = keys.map(() => null);
  for (let i = 0; i < hosts.length; i++) {
    const aggregates = hosts[i]!.aggregates;
    if (!aggregates) continue;
    for (let a = 0; a < aggregates.length; a++) {
      const metadata = aggregates[a]!.metadata;
      for (const key in metadata) {
        // Length and last character first: most keys (ssd, availability_zone, ...) are rejected without a string scan.
        if (key.length <= MULTIPLIER_SUFFIX.length || key.charCodeAt(key.length - 1) !== 114 || !key.endsWith(MULTIPLIER_SUFFIX)) continue;
        const w = keys.indexOf(key);
        if (w < 0) continue;
        const raw = metadata[key]!;
        const parsed = raw.trim() === '' ? NaN : Number(raw);
        const values = (out[w] ??= new Float64Array(hosts.length).fill(NaN));
        if (!Number.isFinite(parsed)) (bad[w] ??= new Uint8Array(hosts.length))[i] = 1;
        else if (!(values[i]! <= parsed)) values[i] = parsed;
      }
    }
  }
  // A host with an unparsable value keeps the configured multiplier, as Nova does on ValueError.
  out.forEach((values, w) => {
    const flags = bad[w];
    if (values && flags) for (let i = 0; i < flags.length; i++) if (flags[i]) values[i] = NaN;
  });
  return out;
}
