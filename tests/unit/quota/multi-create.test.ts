import { describe, expect, it } from 'vitest';
import { DEFAULT_QUOTA_LIMITS, maxInstancesThatFit, quotaDeltaForFlavor, QuotaInputError, type Flavor } from '../../../main/quota/index';

const small: Flavor = { id: 's', name: 'm1.small', vcpus: 2, ramMiB: 2048, diskGiB: 20, ephemeralGiB: 0, swapMiB: 0, extraSpecs: {}, isPublic: true };
const perInstance = quotaDeltaForFlavor(small);

describe('quotaDeltaForFlavor', () => {
  it('counts instances, cores, ram and disk (root + ephemeral + swap rounded up to GiB)', () => {
    expect(perInstance).toEqual({ instances: 1, cores: 2, ram: 2048, disk: 20 });
    const withSwap = { ...small, ephemeralGiB: 5, swapMiB: 1500 };
    expect(quotaDeltaForFlavor(withSwap, 3)).toEqual({ instances: 3, cores: 6, ram: 6144, disk: 81 });
    expect(quotaDeltaForFlavor(withSwap, 1, true).disk).toBe(7);
  });
});

describe('maxInstancesThatFit (Nova multi-create)', () => {
  const usage = { instances: 4, cores: 14, ram: 8192, disk: 0 };

  it('returns maxCount when everything fits', () => {
    expect(maxInstancesThatFit(DEFAULT_QUOTA_LIMITS, usage, perInstance, 1, 3)).toBe(3);
  });

  it('reduces to what fits (cores allow 3 more) when that is at least minCount', () => {
    expect(maxInstancesThatFit(DEFAULT_QUOTA_LIMITS, usage, perInstance, 1, 5)).toBe(3);
    expect(maxInstancesThatFit(DEFAULT_QUOTA_LIMITS, usage, perInstance, 3, 5)).toBe(3);
  });

  it('fails with Nova\'s text and hint when even minCount does not fit', () => {
    const result = maxInstancesThatFit(DEFAULT_QUOTA_LIMITS, usage, perInstance, 4, 6);
    expect(result).toMatchObject({
      ok: false,
      message: 'Quota exceeded for cores: Requested 12, but already used 14 of 20 cores',
      detail: 'Can only run 3 more instances of this type.',
    });
  });

  it('shows the instance count as "min-max" when instances are over, and "n" when min = max', () => {
    const full = { instances: 9, cores: 0, ram: 0, disk: 0 };
    expect(maxInstancesThatFit(DEFAULT_QUOTA_LIMITS, full, perInstance, 2, 4)).toMatchObject({
      message: 'Quota exceeded for instances: Requested 2-4, but already used 9 of 10 instances',
      detail: 'Can only run 1 more instances of this type.',
    });
    expect(maxInstancesThatFit(DEFAULT_QUOTA_LIMITS, { ...full, instances: 10 }, perInstance, 2, 2)).toMatchObject({
      message: 'Quota exceeded for instances: Requested 2, but already used 10 of 10 instances',
      detail: 'Cannot run any more instances of this type.',
    });
  });

  it('lets unlimited resources not constrain the count', () => {
    const limits = { instances: -1, cores: -1, ram: 10240, disk: -1 };
    expect(maxInstancesThatFit(limits, { instances: 100, cores: 400, ram: 4096, disk: 0 }, perInstance, 1, 10)).toBe(3);
    expect(maxInstancesThatFit({ instances: -1, cores: -1, ram: -1, disk: -1 }, usage, perInstance, 1, 1000)).toBe(1000);
  });

  it('still fails when a resource is already over its limit, even if the others leave room', () => {
    const over = { instances: 1, cores: 2, ram: 2048, disk: 200 };
    const result = maxInstancesThatFit({ ...DEFAULT_QUOTA_LIMITS, disk: 100 }, over, { ...perInstance, disk: 0 }, 1, 2);
    expect(result).toMatchObject({ ok: false, message: 'Quota exceeded for disk: Requested 0, but already used 200 of 100 disk' });
  });

  it('names bad counts', () => {
    expect(() => maxInstancesThatFit(DEFAULT_QUOTA_LIMITS, usage, perInstance, 0, 1)).toThrow(new QuotaInputError('minCount must be a whole number ≥ 1, got 0'));
    expect(() => maxInstancesThatFit(DEFAULT_QUOTA_LIMITS, usage, perInstance, 3, 2)).toThrow('maxCount (2) must be ≥ minCount (3)');
  });
});
