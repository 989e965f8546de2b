import { checkQuota, formatQuotaExceeded, requireCount, type QuotaCheck, type QuotaExceeded } from './check';
import { QuotaInputError } from './errors';
import { QUOTA_RESOURCES, type QuotaDelta, type QuotaLimits, type QuotaUsage } from './limits';

function scaleDelta(perInstance: QuotaDelta, count: number): QuotaDelta {
  const out: Partial<Record<keyof QuotaDelta, number>> = {};
  for (const resource of QUOTA_RESOURCES) {
    const amount = perInstance[resource];
    if (amount !== undefined) out[resource] = amount * count;
  }
  return out;
}

/** Instances that still fit under every limited resource (Infinity when nothing limits them). */
function headroomInInstances(limits: QuotaLimits, usage: QuotaUsage, perInstance: QuotaDelta): number {
  let allowed = Infinity;
  for (const resource of QUOTA_RESOURCES) {
    const amount = perInstance[resource];
    const limit = limits[resource];
    if (amount === undefined || amount <= 0 || limit < 0) continue;
    allowed = Math.min(allowed, Math.floor((limit - usage[resource]) / amount));
  }
  return Math.max(0, allowed);
}

/**
 * How many of `minCount..maxCount` instances fit in the quota: `maxCount` if all fit, else the most that fit
 * (Nova reduces a multi-create to what fits), else a failed QuotaCheck when even `minCount` does not fit.
 * The failure reads like Nova's: requested amounts are for `maxCount` instances and the instance count is shown
 * as "min-max", with Nova's hint ("Can only run 2 more instances of this type.") in `detail`.
 *
 * We differ from Nova where a limit is −1: Nova derives a headroom from the instance headroom there, which
 * goes negative when instances are unlimited too; we simply let unlimited resources not constrain the count.
 */
export function maxInstancesThatFit(
  limits: QuotaLimits,
  usage: QuotaUsage,
  perInstance: QuotaDelta,
  minCount: number,
  maxCount: number,
): number | QuotaExceeded {
  requireCount(minCount, 'minCount', 1);
  requireCount(maxCount, 'maxCount', 1);
  if (maxCount < minCount) throw new QuotaInputError(`maxCount (${maxCount}) must be ≥ minCount (${minCount})`);

  const all = checkQuota(limits, usage, scaleDelta(perInstance, maxCount));
  if (all.ok) return maxCount;

  const allowed = Math.min(maxCount, headroomInInstances(limits, usage, perInstance));
  if (allowed >= minCount) {
    // Re-check the reduced count as Nova does: a resource already over its limit fails even a smaller request.
    const reduced: QuotaCheck = checkQuota(limits, usage, scaleDelta(perInstance, allowed));
    if (reduced.ok) return allowed;
  }

  const instances = minCount === maxCount ? String(minCount) : `${minCount}-${maxCount}`;
  const overs = all.exceeded.map((o) => (o.resource === 'instances' ? { ...o, requested: instances } : o));
  return {
    ok: false,
    exceeded: all.exceeded,
    message: formatQuotaExceeded(overs),
    detail: allowed <= 0 ? 'Cannot run any more instances of this type.' : `Can only run ${allowed} more instances of this type.`,
  };
}
