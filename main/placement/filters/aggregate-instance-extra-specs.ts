import { aggregateMetadataValues } from '../aggregates';
import type { HostFilter } from '../filter';
import { formatList } from '../format';
import type { HostState } from '../types';
import { compileExtraSpec, exactValue, type ExtraSpecTest } from './extra-specs-ops';

const SCOPE = 'aggregate_instance_extra_specs';

/**
 * The flavor's extra specs this filter checks, as [metadata key, requirement]: keys scoped
 * `aggregate_instance_extra_specs:` (scope removed) and unscoped keys; other scopes (hw:, quota:, trait:...) are
 * for other components. Nova does the same, so an unscoped key must also be set on an aggregate.
 */
export function aggregateExtraSpecs(extraSpecs: Readonly<Record<string, string>>): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, requirement] of Object.entries(extraSpecs)) {
    const colon = key.indexOf(':');
    if (colon < 0) out.push([key, requirement]);
    else if (key.slice(0, colon) === SCOPE) out.push([key.slice(colon + 1), requirement]);
  }
  return out;
}

interface CompiledSpec {
  readonly key: string;
  readonly requirement: string;
  readonly test: ExtraSpecTest;
  /** A value that matches for sure (see exactValue), or null. */
  readonly exact: string | null;
}

/**
 * Whether one of the host's aggregates has a value of `spec.key` that matches. Values are comma-separated lists
 * (Nova splits and trims them); the single-value case is tested without splitting.
 */
function specMet(host: HostState, spec: CompiledSpec): boolean {
  const aggregates = host.aggregates;
  if (!aggregates) return false;
  for (let a = 0; a < aggregates.length; a++) {
    const raw = aggregates[a]!.metadata[spec.key];
    if (raw === undefined) continue;
    // The usual case, `ssd=true` against "true": no split, trim or test.
    if (raw === spec.exact) return true;
    if (raw.indexOf(',') < 0) {
      if (spec.test(raw.trim())) return true;
    } else if (raw.split(',').some((part) => spec.test(part.trim()))) {
      return true;
    }
  }
  return false;
}

/** AggregateInstanceExtraSpecsFilter: the flavor's extra specs must match the metadata of the host's aggregates. */
export const aggregateInstanceExtraSpecsFilter: HostFilter = {
  name: 'AggregateInstanceExtraSpecsFilter',
  prepare({ request, hosts }) {
    const specs: CompiledSpec[] = aggregateExtraSpecs(request.flavor.extraSpecs).map(([key, requirement]) => ({
      key,
      requirement,
      test: compileExtraSpec(requirement),
      exact: exactValue(requirement),
    }));
    if (specs.length === 0) return undefined;
    const firstUnmet = (i: number): CompiledSpec | undefined => specs.find((spec) => !specMet(hosts[i]!, spec));
    return {
      rejects: (i) => {
        const h = hosts[i]!;
        for (let s = 0; s < specs.length; s++) if (!specMet(h, specs[s]!)) return true;
        return false;
      },
      reason: (i) => {
        const unmet = firstUnmet(i);
        if (!unmet) return 'extra specs match';
        const values = aggregateMetadataValues(hosts[i]!, unmet.key);
        if (values.length === 0) return `flavor extra spec ${JSON.stringify(unmet.key)} is not set on any aggregate of the host`;
        return `flavor extra spec ${JSON.stringify(unmet.key)} requires ${JSON.stringify(unmet.requirement)}; the host's aggregates have ${formatList(values)}`;
      },
    };
  },
};
