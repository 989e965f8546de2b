import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostService } from '../../../main/hosts';
import { InvalidInputError } from '../../../main/inventory/errors';
import { useTempDirs, useTempStore } from '../inventory/helpers';

const tempStore = useTempStore();
const tempDir = useTempDirs();
// An empty home: the machine's own ~/.ssh/config must not add warnings of its own.
const realHome = process.env['HOME'];
beforeEach(() => {
  process.env['HOME'] = tempDir();
});
afterEach(() => {
  process.env['HOME'] = realHome;
});

describe('hostService.add: SSH trust', () => {
  it('warns when no_verify=1 lets unknown host keys through, and only then', () => {
    const hosts = hostService(tempStore());
    const added = hosts.add({ name: 'lab1', uri: 'qemu+ssh://root@lab1.example/system?no_verify=1' });
    expect(added.warnings).toHaveLength(1);
    expect(added.warnings[0]).toMatch(/^no_verify=1: lab1\.example is accepted even when its host key is in no known_hosts file/);
    expect(added.warnings[0]).toMatch(/a key that contradicts known_hosts is still refused/);
    expect(hosts.add({ name: 'lab2', uri: 'qemu+ssh://root@lab2.example/system' }).warnings).toEqual([]);
    expect(hosts.add({ name: 'lab3', uri: 'qemu+ssh://root@lab3.example/system?no_verify=0' }).warnings).toEqual([]);
    expect(hosts.add({ name: 'local', uri: 'qemu:///system' }).warnings).toEqual([]);
  });

  it('refuses key and known_hosts paths that are not regular files of sane size, naming path and reason', () => {
    const hosts = hostService(tempStore());
    const dir = tempDir();
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const add = (extra: { keyFile?: string; knownHostsFile?: string }) => () => hosts.add({ name: 'h', uri: 'qemu+ssh://root@h.example/system', ...extra });
    expect(add({ keyFile: '/dev/zero' })).toThrow(new InvalidInputError('Cannot use SSH key file /dev/zero: it is a character device, not a regular file'));
    expect(add({ knownHostsFile: folder })).toThrow(new InvalidInputError(`Cannot use known_hosts file ${folder}: it is a directory, not a regular file`));
    expect(() => hosts.add({ name: 'h', uri: 'qemu+ssh://root@h.example/system?known_hosts=/dev/zero' })).toThrow(/known_hosts file \/dev\/zero: it is a character device/);
    // Not there yet is fine: a known_hosts file is created when the first key is accepted.
    const key = join(dir, 'id');
    writeFileSync(key, 'key');
    expect(hosts.add({ name: 'h', uri: 'qemu+ssh://root@h.example/system', keyFile: key, knownHostsFile: join(dir, 'known_hosts') }).name).toBe('h');
  });
});

describe('hostService.update: re-pointing a host', () => {
  it('refuses a new URI while the host has instances unless forced (another hypervisor would orphan them); name and enable need no force', () => {
    const store = tempStore();
    const hosts = hostService(store);
    const host = hosts.add({ name: 'hv1', uri: 'qemu+ssh://root@hv1.example.org/system' });
    const projectId = store.projects.getByName('admin')?.id as string;
    store.instances.insert({ name: 'web', projectId, hostId: host.id, vmState: 'active', vcpus: 1, ramMiB: 512, diskGiB: 1, libvirtDomainUuid: '22222222-2222-4222-8222-222222222222' });

    expect(() => hosts.update(host.id, { uri: 'qemu+ssh://root@hv1.example.org:2222/system' })).toThrow(/Host hv1 has 1 instance: a new URI .* Force it/);
    expect(store.hosts.get(host.id)?.uri).toBe('qemu+ssh://root@hv1.example.org/system');
    expect(hosts.update(host.id, { name: 'hv-one', enabled: false }).name).toBe('hv-one');
    expect(hosts.update(host.id, { uri: 'qemu+ssh://root@hv1.example.org/system' }).uri).toBe('qemu+ssh://root@hv1.example.org/system');
    expect(hosts.update(host.id, { uri: 'qemu+ssh://root@hv1.example.org:2222/system', force: true }).uri).toBe('qemu+ssh://root@hv1.example.org:2222/system');
    expect(store.instances.list({ hostId: host.id })).toHaveLength(1);
  });
});
