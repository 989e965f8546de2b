// Resolving watched instances with a real inventory.
import { describe, expect, it } from 'vitest';
import { driverOf, inventoryTargets } from '../../../main/stats/targets';
import { addHost, useTempStore } from '../inventory/helpers';

const tempStore = useTempStore();

describe('inventoryTargets', () => {
  it('names each instance’s host and domain, or why it has none', () => {
    const store = tempStore();
    const host = addHost(store, 'lab', {}, { uri: 'test+unix:///default?socket=/run/x' });
    const admin = store.projects.getByName('admin')?.id ?? '';
    const domainUuid = 'AAAAAAAA-0000-4000-8000-000000000001';
    const placed = store.instances.insert({ name: 'web', projectId: admin, hostId: host.id, vmState: 'active', vcpus: 2, ramMiB: 512, diskGiB: 1, libvirtDomainUuid: domainUuid, libvirtDomainName: 'instance-web' });
    const building = store.instances.insert({ name: 'new', projectId: admin, hostId: null, vmState: 'building', vcpus: 1, ramMiB: 64, diskGiB: 0 });
    const noDomain = store.instances.insert({ name: 'claimed', projectId: admin, hostId: host.id, vmState: 'building', vcpus: 1, ramMiB: 64, diskGiB: 0 });
    const missing = '00000000-0000-4000-8000-0000000000ff';

    expect(inventoryTargets(store)([placed.uuid, building.uuid, noDomain.uuid, missing])).toEqual([
      { kind: 'target', uuid: placed.uuid, hostId: host.id, hostName: 'lab', driver: 'test', domainUuid: domainUuid.toLowerCase(), domainName: 'instance-web', vcpus: 2 },
      { kind: 'unavailable', uuid: building.uuid, reason: 'Instance new is not on a host yet' },
      { kind: 'unavailable', uuid: noDomain.uuid, reason: 'Instance claimed has no libvirt domain yet' },
      { kind: 'unavailable', uuid: missing, reason: `No instance ${missing}` },
    ]);
  });

  it('reads the driver off the URI', () => {
    expect(driverOf('qemu+ssh://root@h/system')).toBe('qemu');
    expect(driverOf('test:///default')).toBe('test');
    expect(driverOf('')).toBe('unknown');
  });
});
