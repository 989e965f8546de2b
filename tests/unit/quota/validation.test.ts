import { describe, expect, it } from 'vitest';
import { validateFlavor, validateProject, validateQuotaDelta, validateQuotaLimits, validateServerGroup } from '../../../main/quota/index';

const good = { id: 'm1.small', name: 'm1.small', vcpus: 1, ramMiB: 512, diskGiB: 1, ephemeralGiB: 0, swapMiB: 0, extraSpecs: { 'hw:cpu_policy': 'shared' }, isPublic: true };

describe('validateFlavor', () => {
  it('accepts a well-formed flavor', () => {
    expect(validateFlavor(good)).toEqual({ ok: true, value: good });
  });

  it('lists every problem with its field', () => {
    const result = validateFlavor({ ...good, vcpus: 0, ramMiB: 1.5, name: ' x', extra: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'flavor.name: name must not start or end with whitespace',
      'flavor.vcpus: vcpus must be ≥ 1',
      'flavor.ramMiB: ramMiB must be a whole number',
      'flavor: Unrecognized key: "extra"',
    ]);
    expect(result.message).toMatch(/^Invalid flavor: flavor\.name: /);
  });

  it('rejects a non-object and wrong types with a readable message', () => {
    expect(validateFlavor(null)).toMatchObject({ ok: false });
    const result = validateFlavor({ ...good, diskGiB: '10', extraSpecs: { a: 1 } });
    expect(result.ok ? [] : result.errors).toEqual(['flavor.diskGiB: diskGiB must be a number', 'flavor.extraSpecs.a: extra spec values must be strings']);
  });
});

describe('quota validation', () => {
  it('accepts −1 and rejects anything below', () => {
    expect(validateQuotaLimits({ instances: -1, cores: 20, ram: 51200, disk: -1 }).ok).toBe(true);
    const bad = validateQuotaLimits({ instances: -2, cores: 20, ram: 51200, disk: -1 });
    expect(bad.ok ? [] : bad.errors).toEqual(['quota limits.instances: instances must be ≥ -1']);
  });

  it('accepts a partial delta, never negative', () => {
    expect(validateQuotaDelta({ cores: 2 }).ok).toBe(true);
    expect(validateQuotaDelta({ ram: -5 }).ok).toBe(false);
  });

  it('validates projects with quota overrides', () => {
    expect(validateProject({ id: 'p1', name: 'lab', enabled: true, quota: { cores: 40 } }).ok).toBe(true);
    expect(validateProject({ id: 'p1', name: 'lab', enabled: true, quota: { gpus: 1 } }).ok).toBe(false);
  });
});

describe('validateServerGroup', () => {
  it('accepts the four Nova policies', () => {
    for (const policy of ['affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity']) {
      expect(validateServerGroup({ id: 'g', name: 'g', policy, members: [] }).ok).toBe(true);
    }
  });

  it('rejects an unknown policy and max_server_per_host outside anti-affinity', () => {
    const unknown = validateServerGroup({ id: 'g', name: 'g', policy: 'spread', members: [] });
    expect(unknown.ok ? [] : unknown.errors).toEqual(['server group.policy: policy must be one of affinity, anti-affinity, soft-affinity, soft-anti-affinity']);
    const rule = validateServerGroup({ id: 'g', name: 'g', policy: 'affinity', members: [], rules: { maxServerPerHost: 2 } });
    expect(rule.ok ? [] : rule.errors).toEqual(['server group.rules.maxServerPerHost: rules.maxServerPerHost is only allowed with the anti-affinity policy']);
  });
});
