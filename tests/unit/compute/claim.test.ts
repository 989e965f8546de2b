import { describe, expect, it } from 'vitest';
import { claimInstances, NoValidHostError, QuotaExceededError, recheckQuota } from '../../../main/compute/claim';
import { InvalidInputError } from '../../../main/inventory/errors';
import type { SqliteInventoryStore } from '../../../main/inventory/sqlite/store';
import { addHost, useTempStore } from '../inventory/helpers';

function countRows(store: SqliteInventoryStore, table: string): number {
  return (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function nothingWritten(store: SqliteInventoryStore): void {
  expect(countRows(store, 'instances')).toBe(0);
  expect(countRows(store, 'instance_actions')).toBe(0);
  expect(countRows(store, 'server_group_members')).toBe(0);
}

describe('claimInstances', () => {
  const tempStore = useTempStore();

  it('writes a building/scheduling instance with its allocation on the chosen host, and explains the choice', () => {
    const store = tempStore();
    addHost(store, 'small', { cpus: 1, memoryMiB: 1024 });
    const big = addHost(store, 'big', { cpus: 8, memoryMiB: 16896 });
    const result = claimInstances(store, { name: 'web', flavor: 'm1.small', requestId: 'req-1', metadata: { role: 'web' } });

    expect(result.claims).toHaveLength(1);
    const [claim] = result.claims;
    expect(claim?.host.name).toBe('big');
    expect(claim?.instance).toMatchObject({
      name: 'web',
      hostId: big.id,
      vmState: 'building',
      taskState: 'scheduling',
      powerState: 0,
      vcpus: 1,
      ramMiB: 2048,
      diskGiB: 20,
      flavorId: '2',
      requestId: 'req-1',
      metadata: { role: 'web' },
      availabilityZone: 'nova', // the default zone, recorded even though none was requested
    });
    expect(claim?.instance.flavor).toMatchObject({ name: 'm1.small', ramMiB: 2048 });
    expect(result.quota.usageBefore).toEqual({ instances: 0, cores: 0, ram: 0, disk: 0 });
    // "Why this host": the small one fails the capacity check, with the numbers.
    const small = result.schedule.explanations.find((e) => e.host === 'small');
    expect(small).toMatchObject({ passed: false, filter: 'CapacityFilter' });
    expect(small && !small.passed ? small.reason : '').toMatch(/MEMORY_MB: requested 2048/);
    expect(store.instanceActions.list(claim?.instance.uuid ?? '')).toMatchObject([{ action: 'create', requestId: 'req-1' }]);
    expect(store.instanceActions.events(claim?.actionId ?? 0)).toMatchObject([{ event: 'schedule_instances', host: 'big', result: 'Success' }]);
  });

  it("fails with Nova's quota message and writes nothing", () => {
    const store = tempStore();
    addHost(store, 'h1', { cpus: 64, memoryMiB: 262144, diskGiB: 4000 });
    // 18 of 20 cores used: two xlarge and one medium.
    claimInstances(store, { name: 'a', flavor: 'm1.xlarge', count: { min: 2, max: 2 } });
    claimInstances(store, { name: 'b', flavor: 'm1.medium' });
    const before = countRows(store, 'instances');
    const attempt = () => claimInstances(store, { name: 'c', flavor: 'm1.large' });
    expect(attempt).toThrow(QuotaExceededError);
    expect(attempt).toThrow('Quota exceeded for cores: Requested 4, but already used 18 of 20 cores');
    expect(countRows(store, 'instances')).toBe(before);
  });

  it('reduces a multi-create to what the quota allows, but not below min', () => {
    const store = tempStore();
    addHost(store, 'h1', { cpus: 64, memoryMiB: 65536 });
    store.quotas.set(store.projects.getByName('admin')?.id ?? '', 'instances', 4);
    claimInstances(store, { name: 'first', flavor: 'm1.tiny', count: { min: 2, max: 2 } });

    const reduced = claimInstances(store, { name: 'batch', flavor: 'm1.tiny', count: { min: 1, max: 5 } });
    expect(reduced.claims.map((c) => c.instance.name)).toEqual(['batch-1', 'batch-2']);
    expect(reduced.claims.map((c) => c.instance.launchIndex)).toEqual([0, 1]);
    expect(new Set(reduced.claims.map((c) => c.instance.requestId)).size).toBe(1);

    let error: unknown;
    try {
      claimInstances(store, { name: 'more', flavor: 'm1.tiny', count: { min: 1, max: 3 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect((error as QuotaExceededError).message).toBe('Quota exceeded for instances: Requested 1-3, but already used 4 of 4 instances');
    expect((error as QuotaExceededError).check.detail).toBe('Cannot run any more instances of this type.');
  });

  it('fails with NoValidHost naming the filter, writes nothing, and never double-books a host', () => {
    const store = tempStore();
    expect(() => claimInstances(store, { name: 'x', flavor: 'm1.tiny' })).toThrow(/There are no compute hosts/);
    // Fits exactly two m1.small: (4608 − 512 reserved) × 1.0 = 4096 MiB.
    addHost(store, 'h1', { cpus: 2, memoryMiB: 4608, diskGiB: 40 });
    const first = claimInstances(store, { name: 'a', flavor: 'm1.small' });
    claimInstances(store, { name: 'b', flavor: 'm1.small' });
    let error: unknown;
    try {
      claimInstances(store, { name: 'c', flavor: 'm1.small' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NoValidHostError);
    expect((error as NoValidHostError).message).toMatch(/^No valid host was found\. There are not enough hosts available\./);
    expect((error as NoValidHostError).detail).toMatch(/CapacityFilter/);
    expect(countRows(store, 'instances')).toBe(2);

    // Deleting frees the allocation: the ledger is the instances themselves.
    store.instances.softDelete(first.claims[0]?.instance.uuid ?? '');
    expect(claimInstances(store, { name: 'c', flavor: 'm1.small' }).claims).toHaveLength(1);
  });

  it('skips disabled and down hosts', () => {
    const store = tempStore();
    const off = addHost(store, 'off', { cpus: 64, memoryMiB: 65536 });
    store.hosts.update(off.id, { enabled: false, disabledReason: 'maintenance' });
    const down = addHost(store, 'down', { cpus: 64, memoryMiB: 65536 });
    store.hosts.update(down.id, { status: 'down' });
    addHost(store, 'ok', { cpus: 2, memoryMiB: 2048 });
    const result = claimInstances(store, { name: 'x', flavor: 'm1.tiny', count: { min: 3, max: 3 } });
    expect(result.claims.map((c) => c.host.name)).toEqual(['ok', 'ok', 'ok']);
    expect(result.schedule.explanations.filter((e) => !e.passed).map((e) => e.host)).toEqual(['down', 'off']); // hosts come sorted by name
  });

  it('places into a requested zone, which hosts get from their aggregates', () => {
    const store = tempStore();
    addHost(store, 'plain');
    const zoned = addHost(store, 'zoned');
    const aggregate = store.aggregates.insert({ name: 'rack2', metadata: { availability_zone: 'az2' } });
    store.aggregates.addHost(aggregate.id, zoned.id);
    const result = claimInstances(store, { name: 'x', flavor: 'm1.tiny', availabilityZone: 'az2' });
    expect(result.claims.map((c) => [c.host.name, c.instance.availabilityZone])).toEqual([['zoned', 'az2']]);
    expect(() => claimInstances(store, { name: 'y', flavor: 'm1.tiny', availabilityZone: 'az9' })).toThrow(/AvailabilityZoneFilter/);
  });

  it('honours anti-affinity server groups and records membership', () => {
    const store = tempStore();
    addHost(store, 'h1');
    addHost(store, 'h2');
    const group = store.serverGroups.insert({ name: 'spread', projectId: store.projects.getByName('admin')?.id ?? '', policy: 'anti-affinity' });
    const pair = claimInstances(store, { name: 'web', flavor: 'm1.tiny', count: { min: 2, max: 2 }, serverGroup: 'spread' });
    expect(new Set(pair.claims.map((c) => c.host.name))).toEqual(new Set(['h1', 'h2']));
    expect(store.serverGroups.get(group.id)?.members).toHaveLength(2);
    expect(() => claimInstances(store, { name: 'third', flavor: 'm1.tiny', serverGroup: group.id })).toThrow(NoValidHostError);
    expect(store.serverGroups.get(group.id)?.members).toHaveLength(2);
  });

  it('refuses private flavors without access, unknown names and groups of other projects', () => {
    const store = tempStore();
    addHost(store, 'h1');
    const demo = store.projects.insert({ name: 'demo' });
    const secret = store.flavors.insert({ name: 'secret', vcpus: 1, ramMiB: 64, diskGiB: 0, isPublic: false });
    store.flavors.grantAccess(secret.id, demo.id);
    store.serverGroups.insert({ name: 'theirs', projectId: demo.id, policy: 'affinity' });
    expect(() => claimInstances(store, { name: 'x', flavor: 'secret' })).toThrow(InvalidInputError);
    expect(() => claimInstances(store, { name: 'x', flavor: 'secret' })).toThrow('Flavor secret is private and project admin has no access to it');
    expect(() => claimInstances(store, { name: 'x', flavor: 'm9.huge' })).toThrow('Flavor m9.huge not found');
    expect(() => claimInstances(store, { name: 'x', flavor: 'm1.tiny', project: 'ghost' })).toThrow('Project ghost not found');
    expect(() => claimInstances(store, { name: 'x', flavor: 'm1.tiny', serverGroup: 'theirs' })).toThrow('Server group theirs not found');
    nothingWritten(store);
    expect(claimInstances(store, { name: 'x', flavor: 'secret', project: 'demo', serverGroup: 'theirs' }).claims).toHaveLength(1);
  });

  it('refuses an instance name with control characters (terminal escapes), writing nothing', () => {
    const store = tempStore();
    addHost(store, 'h1');
    expect(() => claimInstances(store, { name: 'vm\u001b]0;x\u0007', flavor: 'm1.tiny' })).toThrow('Instance name must not contain control characters (found \\x1b)');
    nothingWritten(store);
  });

  it('re-checks quota against usage that already includes the new instances', () => {
    const store = tempStore();
    addHost(store, 'h1', { cpus: 16, memoryMiB: 32768 });
    const { project } = claimInstances(store, { name: 'x', flavor: 'm1.medium', count: { min: 2, max: 2 } });
    expect(recheckQuota(store, project.id)).toEqual({ ok: true });
    // An operator lowers the limit while the build runs: the re-check catches it, as Nova's does.
    store.quotas.set(project.id, 'cores', 3);
    const check = recheckQuota(store, project.id);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.message).toBe('Quota exceeded for cores: Requested 0, but already used 4 of 3 cores');
  });
});
