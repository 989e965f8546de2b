import { describe, expect, it } from 'vitest';
import {
  checkQuota,
  DEFAULT_QUOTA_LIMITS,
  effectiveQuotaLimits,
  EMPTY_QUOTA_USAGE,
  QuotaInputError,
  type QuotaLimits,
  type QuotaUsage,
} from '../../../main/quota/index';

const usage: QuotaUsage = { instances: 4, cores: 18, ram: 8192, disk: 100 };

describe('checkQuota', () => {
  it('has Nova default limits; disk unlimited', () => {
    expect(DEFAULT_QUOTA_LIMITS).toEqual({ instances: 10, cores: 20, ram: 51200, disk: -1 });
  });

  it('passes a request that fits, including one that lands exactly on the limit', () => {
    expect(checkQuota(DEFAULT_QUOTA_LIMITS, usage, { instances: 1, cores: 2, ram: 2048 })).toEqual({ ok: true });
    expect(checkQuota(DEFAULT_QUOTA_LIMITS, EMPTY_QUOTA_USAGE, { instances: 10, cores: 20, ram: 51200 })).toEqual({ ok: true });
  });

  it('reports one resource over its limit with Nova\'s exact text', () => {
    const result = checkQuota(DEFAULT_QUOTA_LIMITS, usage, { instances: 1, cores: 4, ram: 4096 });
    expect(result).toEqual({
      ok: false,
      message: 'Quota exceeded for cores: Requested 4, but already used 18 of 20 cores',
      exceeded: [{ resource: 'cores', requested: 4, used: 18, limit: 20, message: 'Quota exceeded for cores: Requested 4, but already used 18 of 20 cores' }],
    });
  });

  it('joins several resources like Nova, in sorted order', () => {
    const result = checkQuota({ ...DEFAULT_QUOTA_LIMITS, ram: 10240 }, usage, { instances: 1, cores: 4, ram: 4096 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toBe('Quota exceeded for cores, ram: Requested 4, 4096, but already used 18, 8192 of 20, 10240 cores, ram');
    expect(result.exceeded.map((o) => o.message)).toEqual([
      'Quota exceeded for cores: Requested 4, but already used 18 of 20 cores',
      'Quota exceeded for ram: Requested 4096, but already used 8192 of 10240 ram',
    ]);
  });

  it('never limits a resource set to −1', () => {
    const unlimited: QuotaLimits = { instances: -1, cores: -1, ram: -1, disk: -1 };
    expect(checkQuota(unlimited, { instances: 1e6, cores: 1e6, ram: 1e9, disk: 1e6 }, { instances: 5, cores: 500, ram: 1e6, disk: 1e4 })).toEqual({ ok: true });
  });

  it('checks a limited disk quota too', () => {
    const result = checkQuota({ ...DEFAULT_QUOTA_LIMITS, disk: 120 }, usage, { disk: 40 });
    expect(result.ok ? '' : result.message).toBe('Quota exceeded for disk: Requested 40, but already used 100 of 120 disk');
  });

  it('re-checks after create with a zero delta: fails only when usage is already over', () => {
    expect(checkQuota(DEFAULT_QUOTA_LIMITS, { ...usage, cores: 20 }, { instances: 0, cores: 0, ram: 0 })).toEqual({ ok: true });
    const raced = checkQuota(DEFAULT_QUOTA_LIMITS, { ...usage, cores: 22 }, { instances: 0, cores: 0, ram: 0 });
    expect(raced.ok ? '' : raced.message).toBe('Quota exceeded for cores: Requested 0, but already used 22 of 20 cores');
  });

  it('ignores resources absent from the delta', () => {
    expect(checkQuota({ ...DEFAULT_QUOTA_LIMITS, disk: 0 }, usage, { cores: 1 })).toEqual({ ok: true });
  });

  it('names malformed numbers', () => {
    expect(() => checkQuota(DEFAULT_QUOTA_LIMITS, usage, { cores: -1 })).toThrow(new QuotaInputError('requested.cores must be a whole number ≥ 0, got -1'));
    expect(() => checkQuota({ ...DEFAULT_QUOTA_LIMITS, ram: -2 }, usage, { ram: 1 })).toThrow('limits.ram must be a whole number ≥ -1, got -2');
    expect(() => checkQuota(DEFAULT_QUOTA_LIMITS, { ...usage, cores: Number.NaN }, { cores: 1 })).toThrow('usage.cores must be a whole number ≥ 0, got NaN');
  });
});

describe('effectiveQuotaLimits', () => {
  it('overlays a project\'s overrides on the defaults', () => {
    expect(effectiveQuotaLimits({ quota: { cores: 40, disk: 500 } })).toEqual({ instances: 10, cores: 40, ram: 51200, disk: 500 });
    expect(effectiveQuotaLimits({})).toEqual(DEFAULT_QUOTA_LIMITS);
  });
});
