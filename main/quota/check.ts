import { QuotaInputError } from './errors';
import { QUOTA_RESOURCES, type QuotaDelta, type QuotaLimits, type QuotaResource, type QuotaUsage } from './limits';

/** One resource a request would push over its limit. */
export interface QuotaOverage {
  readonly resource: QuotaResource;
  /** Amount the request adds. */
  readonly requested: number;
  /** Amount in use before the request. */
  readonly used: number;
  readonly limit: number;
  /** Nova's text for this resource alone: "Quota exceeded for cores: Requested 4, but already used 18 of 20 cores". */
  readonly message: string;
}

/** The request fits within every limit. */
export interface QuotaOk {
  readonly ok: true;
}

/** The request exceeds at least one limit. */
export interface QuotaExceeded {
  readonly ok: false;
  /** Every resource over its limit, in Nova's (alphabetical) order. */
  readonly exceeded: readonly QuotaOverage[];
  /** Nova's TooManyInstances text; several resources are joined with ", " exactly as Nova does. */
  readonly message: string;
  /** For multi-create: Nova's hint, "Can only run 2 more instances of this type." or "Cannot run any more instances of this type." */
  readonly detail?: string;
}

/** Outcome of a quota check. */
export type QuotaCheck = QuotaOk | QuotaExceeded;

/** The single ok value (a check that passes carries nothing else). */
export const QUOTA_OK: QuotaOk = Object.freeze({ ok: true });

/**
 * Nova's TooManyInstances message: `Quota exceeded for %(overs)s: Requested %(req)s, but already used %(used)s of
 * %(allowed)s %(overs)s`, each field a ", "-joined list when several resources are over.
 */
export function formatQuotaExceeded(
  overs: readonly { readonly resource: string; readonly requested: number | string; readonly used: number; readonly limit: number }[],
): string {
  const names = overs.map((o) => o.resource).join(', ');
  const reqs = overs.map((o) => String(o.requested)).join(', ');
  const useds = overs.map((o) => String(o.used)).join(', ');
  const limits = overs.map((o) => String(o.limit)).join(', ');
  return `Quota exceeded for ${names}: Requested ${reqs}, but already used ${useds} of ${limits} ${names}`;
}

/** Throws QuotaInputError unless `value` is a whole number ≥ `min`. */
export function requireCount(value: number, field: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new QuotaInputError(`${field} must be a whole number ≥ ${min}, got ${String(value)}`);
  }
}

/**
 * Check a request against limits, counting from current usage (Nova's `check_deltas`).
 * Every resource present in `requested` is checked, even with 0: a zero delta is Nova's re-check after create
 * (usage already includes the new instances), which fails when a concurrent request pushed usage over the limit.
 * Resources whose limit is −1 are never over.
 */
export function checkQuota(limits: QuotaLimits, usage: QuotaUsage, requested: QuotaDelta): QuotaCheck {
  const exceeded: QuotaOverage[] = [];
  for (const resource of QUOTA_RESOURCES) {
    const delta = requested[resource];
    if (delta === undefined) continue;
    const limit = limits[resource];
    const used = usage[resource];
    requireCount(delta, `requested.${resource}`, 0);
    requireCount(limit, `limits.${resource}`, -1);
    requireCount(used, `usage.${resource}`, 0);
    if (limit >= 0 && used + delta > limit) {
      const over = { resource, requested: delta, used, limit };
      exceeded.push({ ...over, message: formatQuotaExceeded([over]) });
    }
  }
  if (exceeded.length === 0) return QUOTA_OK;
  return { ok: false, exceeded, message: formatQuotaExceeded(exceeded) };
}
