import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, InvalidInputError, NotFoundError } from '../../../main/inventory/errors';
import { inventoryServices } from '../../../main/inventory/services';
import { useTempStore } from './helpers';

describe('inventory services', () => {
  const tempStore = useTempStore();

  it('create, show and delete flavors with clear errors', () => {
    const { flavors } = inventoryServices(tempStore());
    const nano = flavors.create({ name: 'm1.nano', vcpus: 1, ramMiB: 128, diskGiB: 1, id: '42', extraSpecs: { 'hw:cpu_policy': 'shared' } });
    expect(nano).toMatchObject({ id: '42', ephemeralGiB: 0, swapMiB: 0, isPublic: true, extraSpecs: { 'hw:cpu_policy': 'shared' } });
    expect(flavors.show('m1.nano')).toMatchObject({ id: '42' });
    expect(flavors.show('42')).toMatchObject({ name: 'm1.nano' });
    expect(() => flavors.create({ name: 'm1.small', vcpus: 1, ramMiB: 1, diskGiB: 1 })).toThrow(new AlreadyExistsError('Flavor', 'm1.small'));
    expect(() => flavors.create({ name: 'other', vcpus: 1, ramMiB: 1, diskGiB: 1, id: '1' })).toThrow('Flavor with id 1 already exists');
    expect(() => flavors.create({ name: 'bad', vcpus: 0, ramMiB: 1.5, diskGiB: -1 })).toThrow(InvalidInputError);
    expect(() => flavors.create({ name: 'bad', vcpus: 0, ramMiB: 1, diskGiB: 1 })).toThrow(/vcpus must be ≥ 1/);
    expect(flavors.delete('m1.nano').id).toBe('42');
    expect(() => flavors.show('m1.nano')).toThrow('Flavor m1.nano not found');
  });

  it('grant private flavors to projects', () => {
    const { flavors, projects } = inventoryServices(tempStore());
    projects.create({ name: 'demo' });
    const secret = flavors.create({ name: 'secret', vcpus: 1, ramMiB: 64, diskGiB: 0, isPublic: false, projects: ['demo'] });
    expect(secret).toMatchObject({ isPublic: false, accessProjects: ['demo'] });
    expect(() => flavors.create({ name: 'open', vcpus: 1, ramMiB: 64, diskGiB: 0, projects: ['demo'] })).toThrow(/private flavors only/);
    expect(() => flavors.create({ name: 'x', vcpus: 1, ramMiB: 64, diskGiB: 0, isPublic: false, projects: ['nope'] })).toThrow(
      'Project nope not found',
    );
    expect(flavors.list().some((f) => f.name === 'x')).toBe(false);
  });

  it('create projects and refuse duplicates and bad names', () => {
    const { projects } = inventoryServices(tempStore());
    expect(projects.create({ name: 'demo', description: 'Demo' })).toMatchObject({ name: 'demo', description: 'Demo', enabled: true });
    expect(() => projects.create({ name: 'demo' })).toThrow('Project demo already exists');
    expect(() => projects.create({ name: ' padded' })).toThrow(/whitespace/);
    expect(() => projects.show('nope')).toThrow(NotFoundError);
  });

  it('show quota limits with usage, set them and reset to the default', () => {
    const store = tempStore();
    const { quotas, projects } = inventoryServices(store);
    const demo = projects.create({ name: 'demo' });
    store.instances.insert({ name: 'vm', projectId: demo.id, hostId: null, vmState: 'active', vcpus: 2, ramMiB: 1024, diskGiB: 10 });
    expect(quotas.show('demo').lines).toEqual([
      { resource: 'cores', limit: 20, isDefault: true, inUse: 2 },
      { resource: 'disk', limit: -1, isDefault: true, inUse: 10 },
      { resource: 'instances', limit: 10, isDefault: true, inUse: 1 },
      { resource: 'ram', limit: 51200, isDefault: true, inUse: 1024 },
    ]);
    quotas.set('demo', { cores: 4, ram: -1 });
    expect(quotas.show('demo').lines.find((l) => l.resource === 'cores')).toMatchObject({ limit: 4, isDefault: false });
    quotas.set(demo.id, { cores: null });
    expect(quotas.show('demo').lines.find((l) => l.resource === 'cores')).toMatchObject({ limit: 20, isDefault: true });
    expect(() => quotas.set('demo', { cores: -2 })).toThrow(/cores must be ≥ -1/);
    expect(() => quotas.set('demo', {})).toThrow(/Nothing to set/);
    expect(() => quotas.set('ghost', { cores: 1 })).toThrow('Project ghost not found');
    expect(quotas.show().project.name).toBe('admin');
  });

  it('manage server groups by name or id', () => {
    const { serverGroups, projects } = inventoryServices(tempStore());
    projects.create({ name: 'demo' });
    const web = serverGroups.create({ name: 'web', policy: 'anti-affinity', maxServerPerHost: 2, project: 'demo' });
    expect(web).toMatchObject({ projectName: 'demo', rules: { maxServerPerHost: 2 }, members: [] });
    serverGroups.create({ name: 'web', policy: 'affinity' }); // same name, other project
    expect(() => serverGroups.create({ name: 'web', policy: 'affinity', project: 'demo' })).toThrow('Server group web in project demo already exists');
    expect(() => serverGroups.create({ name: 'x', policy: 'clustered' })).toThrow(/policy must be one of affinity/);
    expect(() => serverGroups.create({ name: 'x', policy: 'affinity', maxServerPerHost: 3 })).toThrow(/only allowed with the anti-affinity/);
    expect(serverGroups.list('demo').map((g) => g.name)).toEqual(['web']);
    expect(() => serverGroups.delete('web')).toThrow(/Several server groups are named web/);
    expect(serverGroups.delete('web', 'demo').id).toBe(web.id);
    expect(serverGroups.list().map((g) => g.projectName)).toEqual(['admin']);
  });
});
