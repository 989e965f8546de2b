import { describe, expect, it } from 'vitest';
import type { InstanceRecord } from '../../../../main/inventory/model';
import {
  findOrphans,
  instanceOfVolume,
  isAbandoned,
  resolveInstance,
  staleUploads,
  type KnownRow,
  type OrphanInput,
  type RecoveryDomain,
} from '../../../../main/compute/recovery/plan';

const AT = '2026-12-01T10:00:00.000Z';
const UUID = '0f0e0d0c-0b0a-4988-8766-554433221100';
const OTHER = '11111111-2222-4333-8444-555555555555';
const RUNNING = 1;
const PAUSED = 3;
const SHUTOFF = 5;

/** A row as the build leaves it mid-flight on host h1. */
function row(overrides: Partial<InstanceRecord> = {}): InstanceRecord {
  return {
    uuid: UUID,
    name: 'web-1',
    projectId: 'p',
    userId: null,
    hostId: 'h1',
    availabilityZone: null,
    flavorId: 'f',
    flavor: {},
    imageId: 'i',
    vmState: 'building',
    taskState: 'block_device_mapping',
    powerState: 0,
    locked: false,
    lockedReason: null,
    libvirtDomainName: 'web-1',
    libvirtDomainUuid: UUID,
    requestId: 'req-1',
    launchIndex: 0,
    metadata: {},
    addresses: {},
    fault: null,
    createdAt: AT,
    updatedAt: AT,
    launchedAt: null,
    terminatedAt: null,
    deletedAt: null,
    origin: 'created',
    description: null,
    keyName: null,
    userData: null,
    network: 'default',
    volumes: [
      { pool: 'default', name: '_base_0123abcd', role: 'root' },
      { pool: 'default', name: `${UUID}_disk`, role: 'root' },
      { pool: 'default', name: `${UUID}_disk.config`, role: 'config' },
    ],
    taskOwner: '4242:999@lab',
    reclaimAt: null,
    buildAttempts: [],
    previousFlavor: null,
    vcpus: 1,
    ramMiB: 256,
    diskGiB: 1,
    ...overrides,
  };
}

const domain = (state: number, extra: Partial<RecoveryDomain> = {}): RecoveryDomain => ({ uuid: UUID, name: 'web-1', state, ...extra });

describe('abandoned tasks', () => {
  it('are tasks whose owner is dead, or was never recorded', () => {
    const alive = (owner: string) => owner === 'me';
    expect(isAbandoned({ taskState: 'spawning', taskOwner: 'dead' }, alive)).toBe(true);
    expect(isAbandoned({ taskState: 'spawning', taskOwner: null }, alive)).toBe(true);
    expect(isAbandoned({ taskState: 'spawning', taskOwner: 'me' }, alive)).toBe(false);
    expect(isAbandoned({ taskState: null, taskOwner: 'dead' }, alive)).toBe(false);
  });
});

describe('resolving an abandoned build', () => {
  it('finishes a build whose domain is running', () => {
    expect(resolveInstance(row({ taskState: 'spawning' }), domain(RUNNING), [], AT)).toEqual({ kind: 'finish-build', powerState: 1 });
  });

  it('rolls back a half-built one: its domain, its recorded volumes and any <uuid>_disk* volume, never the base image', () => {
    const pool = [
      { pool: 'default', name: '_base_0123abcd' },
      { pool: 'default', name: `${UUID}_disk` },
      { pool: 'default', name: `${UUID}_disk.eph0` },
      { pool: 'default', name: `${OTHER}_disk` },
      { pool: 'default', name: 'somebody-else.qcow2' },
    ];
    const resolution = resolveInstance(row({ taskState: 'spawning' }), domain(SHUTOFF), pool, AT);
    expect(resolution).toMatchObject({ kind: 'roll-back-build', domainUuid: UUID });
    if (resolution.kind !== 'roll-back-build') throw new Error('unreachable');
    expect(resolution.volumes).toEqual([
      { pool: 'default', name: `${UUID}_disk` },
      { pool: 'default', name: `${UUID}_disk.config` },
      { pool: 'default', name: `${UUID}_disk.eph0` },
    ]);
    expect(resolution.fault).toMatchObject({ code: 500, message: 'Build interrupted at spawning', createdAt: AT });
    // The fault names what is there to remove (the config volume was recorded but never created).
    expect(resolution.fault.details).toBe(`The process that ran the build ended before it finished. Recovery removed domain web-1, volume default/${UUID}_disk, volume default/${UUID}_disk.eph0.`);
  });

  it('rolls back a build cut short before it created anything, with a fault that says so', () => {
    const resolution = resolveInstance(row({ taskState: 'networking', volumes: [], libvirtDomainUuid: null }), null, [], AT);
    expect(resolution).toMatchObject({ kind: 'roll-back-build', domainUuid: null, volumes: [], fault: { message: 'Build interrupted at networking' } });
    if (resolution.kind === 'roll-back-build') expect(resolution.fault.details).toMatch(/removed nothing/);
  });

  it('a paused or crashed domain is not a finished build', () => {
    expect(resolveInstance(row({ taskState: 'spawning' }), domain(PAUSED), [], AT).kind).toBe('roll-back-build');
    expect(resolveInstance(row({ taskState: 'spawning' }), domain(6), [], AT).kind).toBe('roll-back-build');
  });
});

describe('resolving other abandoned tasks', () => {
  const active = (taskState: string, extra: Partial<InstanceRecord> = {}) => row({ vmState: 'active', taskState, powerState: 1, ...extra });

  it('clears the task and takes the state the host shows', () => {
    expect(resolveInstance(active('powering-off'), domain(SHUTOFF), [], AT)).toEqual({ kind: 'clear-task', vmState: 'stopped', powerState: 4 });
    expect(resolveInstance(active('powering-off'), domain(RUNNING), [], AT)).toEqual({ kind: 'clear-task', vmState: 'active', powerState: 1 });
    expect(resolveInstance(active('pausing'), domain(PAUSED), [], AT)).toEqual({ kind: 'clear-task', vmState: 'paused', powerState: 3 });
    expect(resolveInstance(active('suspending'), domain(SHUTOFF, { managedSave: true }), [], AT)).toEqual({ kind: 'clear-task', vmState: 'suspended', powerState: 4 });
  });

  it('finishes a delete whose domain is already gone, removing its volumes (not the base)', () => {
    expect(resolveInstance(active('deleting'), null, [], AT)).toEqual({
      kind: 'finish-delete',
      volumes: [
        { pool: 'default', name: `${UUID}_disk` },
        { pool: 'default', name: `${UUID}_disk.config` },
      ],
    });
  });

  it('treats a domain gone under another task as vanished (ERROR if created here, deleted if adopted)', () => {
    expect(resolveInstance(active('rebooting'), null, [], AT)).toEqual({ kind: 'vanished', origin: 'created' });
    expect(resolveInstance(active('rebooting', { origin: 'adopted' }), null, [], AT)).toEqual({ kind: 'vanished', origin: 'adopted' });
  });
});

describe('orphans', () => {
  const host = { id: 'h1', name: 'lab1' };
  const deletedOurs: KnownRow = { uuid: UUID, origin: 'created', deleted: true, forgotten: false, hosts: new Set(['h1']) };
  const input = (overrides: Partial<OrphanInput>): OrphanInput => ({
    host,
    domains: [],
    volumes: [],
    liveDomainUuids: new Set(),
    rows: new Map([[UUID, deletedOurs]]),
    ...overrides,
  });

  it('are domains with our metadata and volumes named <uuid>_disk* of a deleted instance built here on this host', () => {
    const orphans = findOrphans(
      input({
        domains: [domain(SHUTOFF, { instanceUuid: UUID })],
        volumes: [
          { pool: 'default', name: `${UUID}_disk` },
          { pool: 'default', name: `${UUID}_disk.swap` },
          { pool: 'default', name: '_base_0123abcd' },
        ],
      }),
    );
    expect(orphans.domains.map((d) => d.uuid)).toEqual([UUID]);
    expect(orphans.volumes.map((v) => v.name)).toEqual([`${UUID}_disk`, `${UUID}_disk.swap`]);
  });

  it('never touch what is not provably ours', () => {
    const cases: Partial<OrphanInput>[] = [
      // A live row maps the domain.
      { domains: [domain(SHUTOFF, { instanceUuid: UUID })], liveDomainUuids: new Set([UUID]) },
      // No metadata (adopted or foreign), or metadata naming another instance (a copy under a new UUID).
      { domains: [domain(SHUTOFF, { instanceUuid: null })] },
      { domains: [domain(SHUTOFF, { instanceUuid: OTHER })] },
      // The inventory never knew it (another installation's).
      { domains: [domain(SHUTOFF, { instanceUuid: UUID })], volumes: [{ pool: 'default', name: `${UUID}_disk` }], rows: new Map() },
      // Forgotten: the operator handed its domain and disks back to the host.
      { domains: [domain(SHUTOFF, { instanceUuid: UUID })], volumes: [{ pool: 'default', name: `${UUID}_disk` }], rows: new Map([[UUID, { ...deletedOurs, forgotten: true }]]) },
      // Live, adopted, or placed on another host.
      { volumes: [{ pool: 'default', name: `${UUID}_disk` }], rows: new Map([[UUID, { ...deletedOurs, deleted: false }]]) },
      { volumes: [{ pool: 'default', name: `${UUID}_disk` }], rows: new Map([[UUID, { ...deletedOurs, origin: 'adopted' }]]) },
      { domains: [domain(SHUTOFF, { instanceUuid: UUID })], volumes: [{ pool: 'default', name: `${UUID}_disk` }], rows: new Map([[UUID, { ...deletedOurs, hosts: new Set(['h2']) }]]) },
      // Names that only look similar.
      { volumes: [{ pool: 'default', name: `${UUID}_disk2` }, { pool: 'default', name: `x${UUID}_disk` }, { pool: 'default', name: `${UUID.toUpperCase()}_disk` }] },
    ];
    for (const overrides of cases) expect(findOrphans(input(overrides)), JSON.stringify(overrides, (_, v: unknown) => (v instanceof Set ? [...v] : v instanceof Map ? [...v] : v))).toEqual({ domains: [], volumes: [] });
  });

  it('count a host a build attempt tried (a reschedule that could not clean up there)', () => {
    const rows = new Map([[UUID, { ...deletedOurs, hosts: new Set(['h2', 'lab1']) }]]);
    expect(findOrphans(input({ volumes: [{ pool: 'default', name: `${UUID}_disk` }], rows })).volumes).toHaveLength(1);
  });

  it('volume names: <uuid>_disk and its suffixes only', () => {
    expect(instanceOfVolume(`${UUID}_disk`)).toBe(UUID);
    expect(instanceOfVolume(`${UUID}_disk.config`)).toBe(UUID);
    expect(instanceOfVolume(`${UUID}_disk.eph0`)).toBe(UUID);
    expect(instanceOfVolume(`_base_${UUID}`)).toBeNull();
    expect(instanceOfVolume(`${UUID}_disk/../x`)).toBeNull();
  });
});

describe('uploads', () => {
  it('are stale when uploading under a dead (or unrecorded) owner', () => {
    const base = { imageId: 'i', hostId: 'h1', pool: 'default', volumeName: '_base_x' };
    const rows = [
      { ...base, status: 'uploading' as const, owner: 'dead' },
      { ...base, imageId: 'j', status: 'uploading' as const, owner: 'me' },
      { ...base, imageId: 'k', status: 'uploading' as const, owner: null },
      { ...base, imageId: 'l', status: 'ready' as const, owner: null },
    ];
    expect(staleUploads(rows, (owner) => owner === 'me').map((r) => r.imageId)).toEqual(['i', 'k']);
  });
});
