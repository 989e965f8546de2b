import { describe, expect, it } from 'vitest';
import type { ServerGroup } from '../../../../main/placement/index';
import { host, request, runFilter } from '../fixtures';

function group(policy: ServerGroup['policy'], members: string[], maxServerPerHost?: number): ServerGroup {
  return { id: 'g1', name: 'web', policy, members, ...(maxServerPerHost ? { rules: { maxServerPerHost } } : {}) };
}

const hosts = [host('a', { instanceUuids: ['m1', 'x'] }), host('b', { instanceUuids: ['m2', 'm3'] }), host('c', { instanceUuids: ['y'] })];

describe('ServerGroupAntiAffinityFilter', () => {
  it('rejects hosts that already hold a member (max 1 per host by default)', () => {
    expect(runFilter('ServerGroupAntiAffinityFilter', request({ serverGroup: group('anti-affinity', ['m1', 'm2', 'm3']) }), hosts)).toEqual([
      'host already runs 1 member(s) of server group "web" (anti-affinity); at most 1 per host',
      'host already runs 2 member(s) of server group "web" (anti-affinity); at most 1 per host',
      null,
    ]);
  });

  it('honours max_server_per_host', () => {
    const req = request({ serverGroup: group('anti-affinity', ['m1', 'm2', 'm3'], 2) });
    expect(runFilter('ServerGroupAntiAffinityFilter', req, hosts)).toEqual([null, expect.stringMatching(/runs 2 member/), null]);
  });

  it('lets the instance being placed stay on the host that already runs it (moves)', () => {
    const req = request({ serverGroup: group('anti-affinity', ['m1', 'm2']), instanceUuids: ['m1'] });
    expect(runFilter('ServerGroupAntiAffinityFilter', req, hosts)[0]).toBeNull();
  });

  it('does nothing for other policies or without a group', () => {
    expect(runFilter('ServerGroupAntiAffinityFilter', request(), hosts)).toEqual([null, null, null]);
    expect(runFilter('ServerGroupAntiAffinityFilter', request({ serverGroup: group('soft-anti-affinity', ['m1']) }), hosts)).toEqual([null, null, null]);
  });
});

describe('ServerGroupAffinityFilter', () => {
  it('passes every host while no member has a host yet', () => {
    expect(runFilter('ServerGroupAffinityFilter', request({ serverGroup: group('affinity', []) }), hosts)).toEqual([null, null, null]);
    expect(runFilter('ServerGroupAffinityFilter', request({ serverGroup: group('affinity', ['elsewhere']) }), hosts)).toEqual([null, null, null]);
  });

  it('keeps only hosts holding members once there are some', () => {
    expect(runFilter('ServerGroupAffinityFilter', request({ serverGroup: group('affinity', ['m2']) }), hosts)).toEqual([
      'server group "web" (affinity) has members only on "b"; this host has none',
      null,
      'server group "web" (affinity) has members only on "b"; this host has none',
    ]);
  });

  it('does nothing for soft-affinity', () => {
    expect(runFilter('ServerGroupAffinityFilter', request({ serverGroup: group('soft-affinity', ['m2']) }), hosts)).toEqual([null, null, null]);
  });
});
