import { runAttempt, type AttemptRun } from './attempt';
import { createUnreadContext } from './context';
import { PlacementInputError } from './errors';
import { describeFilterCounts, explainAttempt, filterCounts } from './explain';
import type { HostFilter, SchedulingContext } from './filter';
import { FILTERS, forcedHostStage, hostRecordStage, ignoreHostsStage } from './filters';
import { consume } from './host-table';
import type { NormalizedRequest } from './request';
import type { HostExplanation, HostState, NoValidHost, PlacementAttempt, RequestSpec, ScheduleResult, SchedulerConfig } from './types';
import { resolveWeighers } from './weigh';
import { WEIGHERS } from './weighers';

/** Nova's NoValidHost text. */
export const NO_VALID_HOST_MESSAGE = 'No valid host was found. There are not enough hosts available.';

/**
 * The stages a host goes through. A forced host skips the filters, as Nova's force_hosts does, but still needs
 * room (Placement claims even for forced hosts) and an enabled, live compute service: Nova's compute_status
 * pre-filter rejects disabled hosts, and we also refuse a host that is down because a create there can only fail.
 */
function stagesFor(request: NormalizedRequest, config: SchedulerConfig): HostFilter[] {
  const stages: HostFilter[] = [hostRecordStage, ignoreHostsStage];
  if (request.forcedHost !== null) return [...stages, forcedHostStage, FILTERS.ComputeFilter, FILTERS.CapacityFilter];
  return [...stages, ...config.enabledFilters.map((name) => FILTERS[name])];
}

function toAttempt(run: AttemptRun): PlacementAttempt {
  const { hosts } = run.ctx;
  const hostAt = (position: number): string => hosts[run.candidates[position]!]!.name;
  const base = {
    instanceIndex: run.ctx.instanceIndex,
    host: run.chosen >= 0 ? hostAt(run.chosen) : null,
    weight: run.chosen >= 0 ? run.totals[run.chosen]! : null,
    subset: run.subset.map(hostAt),
    candidates: run.candidateCount,
    filterCounts: filterCounts(run).filter((c, s) => run.stages[s]!.prepared !== undefined || !isInternalStage(c.filter)),
  };
  // An own enumerable getter: structured clone (IPC) and JSON see a plain array; nothing is built until read.
  let explanations: HostExplanation[] | undefined;
  return {
    ...base,
    get explanations() {
      return (explanations ??= explainAttempt(run));
    },
  };
}

const INTERNAL_STAGES = new Set([hostRecordStage.name, ignoreHostsStage.name, forcedHostStage.name]);
function isInternalStage(name: string): boolean {
  return INTERNAL_STAGES.has(name);
}

function noValidHost(attempt: PlacementAttempt, hostCount: number, numInstances: number): NoValidHost {
  const which = numInstances > 1 ? ` for instance ${attempt.instanceIndex + 1} of ${numInstances}` : '';
  const detail =
    hostCount === 0
      ? 'There are no compute hosts to schedule on.'
      : `Filtering removed all hosts${which}. Filter results: ${describeFilterCounts(attempt.filterCounts)}`;
  return { kind: 'NoValidHost', message: NO_VALID_HOST_MESSAGE, instanceIndex: attempt.instanceIndex, filterCounts: attempt.filterCounts, detail };
}

/**
 * Choose a host for each instance of the request, Nova's filter scheduler style: filters remove hosts, weighers
 * score the rest (each normalized to [0, 1], times its multiplier, summed), and the host is drawn at random among
 * the best `hostSubsetSize`. With several instances the chosen host's usage is consumed in memory before the next
 * pick, and the request fails as a whole if any instance finds no host.
 *
 * Pure: reads `hosts` and `request`, never changes them; `random` (default Math.random) is the only source of
 * nondeterminism and is only called when the subset has more than one host.
 * Throws PlacementInputError for a malformed request or config; malformed host records are rejected with a reason.
 */
export function schedule(
  request: RequestSpec,
  hosts: readonly HostState[],
  config?: Partial<SchedulerConfig>,
  random: () => number = Math.random,
): ScheduleResult {
  if (!Array.isArray(hosts)) throw new PlacementInputError('hosts must be an array of HostState');
  const { ctx: first, records } = createUnreadContext(request, hosts, config);
  const { request: req, config: cfg } = first;
  const filters = stagesFor(req, cfg);
  const weighers = resolveWeighers(cfg.enabledWeighers.map((name) => WEIGHERS[name]), hosts.length, cfg);
  const amounts = { vcpus: req.vcpus, ramMiB: req.ramMiB, diskGiB: req.diskGiB };

  const attempts: PlacementAttempt[] = [];
  const chosen: string[] = [];
  let ctx: SchedulingContext = first;
  for (let k = 0; k < req.numInstances; k++) {
    // The first attempt reads the host records as it meets each host; later ones reuse the table.
    const run = runAttempt(ctx, filters, weighers, random, k === 0 ? records : null);
    const attempt = toAttempt(run);
    attempts.push(attempt);
    if (run.chosen < 0) {
      const error = noValidHost(attempt, hosts.length, req.numInstances);
      return {
        ok: false,
        error,
        hosts: chosen,
        attempts,
        get explanations() {
          return attempts[0]!.explanations;
        },
      };
    }
    const hostIndex = run.candidates[run.chosen]!;
    chosen.push(hosts[hostIndex]!.name);
    if (k + 1 < req.numInstances) {
      const usage = consume(ctx.usage, hostIndex, amounts, req.instanceUuids[k]!);
      ctx = { ...ctx, usage, instanceIndex: k + 1 };
    }
  }
  return {
    ok: true,
    error: null,
    hosts: chosen,
    attempts,
    get explanations() {
      return attempts[0]!.explanations;
    },
  };
}
