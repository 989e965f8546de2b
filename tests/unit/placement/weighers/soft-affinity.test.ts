import { describe, expect, it } from 'vitest';
import { schedule, type ServerGroup } from '../../../../main/placement/index';
import { host, only, request, weigherParts } from '../fixtures';

const hosts = [host('two', { instanceUuids: ['m1', 'm2', 'other'] }), host('one', { instanceUuids: ['m3'] }), host('none')];
const group = (policy: ServerGroup['policy']): ServerGroup => ({ id: 'g', name: 'db', policy, members: ['m1', 'm2', 'm3'] });

describe('ServerGroupSoftAffinityWeigher', () => {
  it('prefers the host with the most members under soft-affinity', () => {
    const result = schedule(request({ serverGroup: group('soft-affinity') }), hosts, only('ServerGroupSoftAffinityWeigher'));
    expect(result.hosts).toEqual(['two']);
    const parts = weigherParts(result, 'ServerGroupSoftAffinityWeigher');
    expect([parts['two']!.raw, parts['one']!.raw, parts['none']!.raw]).toEqual([2, 1, 0]);
    expect(parts['one']!.normalized).toBe(0.5);
  });

  it('is 0 everywhere for other policies', () => {
    const result = schedule(request({ serverGroup: group('soft-anti-affinity') }), hosts, only('ServerGroupSoftAffinityWeigher'));
    expect(Object.values(weigherParts(result, 'ServerGroupSoftAffinityWeigher')).map((p) => p.raw)).toEqual([0, 0, 0]);
  });
});

describe('ServerGroupSoftAntiAffinityWeigher', () => {
  it('prefers the host with the fewest members (raw = −members)', () => {
    const result = schedule(request({ serverGroup: group('soft-anti-affinity') }), hosts, only('ServerGroupSoftAntiAffinityWeigher'));
    expect(result.hosts).toEqual(['none']);
    const parts = weigherParts(result, 'ServerGroupSoftAntiAffinityWeigher');
    expect([parts['two']!.normalized, parts['one']!.normalized, parts['none']!.normalized]).toEqual([0, 0.5, 1]);
  });

  it('spreads a multi-create across hosts as members accumulate', () => {
    const result = schedule(
      request({ serverGroup: { ...group('soft-anti-affinity'), members: [] }, numInstances: 3 }),
      [host('a'), host('b'), host('c')],
      only('ServerGroupSoftAntiAffinityWeigher'),
    );
    expect(result.hosts).toEqual(['a', 'b', 'c']);
  });
});
