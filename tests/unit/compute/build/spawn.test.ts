import { describe, expect, it } from 'vitest';
import { consoleLogPath, domainTypeFor, seedDisk } from '../../../../main/compute/build/spawn';
import type { HostRecord } from '../../../../main/inventory/model';
import type { LibvirtConnection } from '../../../../main/libvirt';

const seed = { pool: 'p', name: 'u_disk.config', role: 'config', format: 'raw' } as const;
const conn = (driverUri: string) => ({ driverUri }) as LibvirtConnection;
const host = (domainType: string) => ({ facts: { domainType } }) as unknown as HostRecord;

describe('the domain a build defines', () => {
  it("attaches the seed as Nova attaches config drives: an IDE cdrom on pc, SATA on q35, a read-only virtio disk elsewhere", () => {
    expect(seedDisk(seed, 'x86_64', 'pc-i440fx-7.2')).toEqual({ source: { pool: 'p', volume: 'u_disk.config' }, format: 'raw', device: 'cdrom', bus: 'ide' });
    expect(seedDisk(seed, 'x86_64', 'pc-q35-7.2')).toMatchObject({ device: 'cdrom', bus: 'sata' });
    expect(seedDisk(seed, 'i686', null)).toMatchObject({ device: 'cdrom', bus: 'ide' });
    expect(seedDisk(seed, 'aarch64', 'virt-7.2')).toEqual({ source: { pool: 'p', volume: 'u_disk.config' }, format: 'raw', device: 'disk', bus: 'virtio', readonly: true });
  });

  it('asks for kvm where the host offers it, unless virt_type says qemu; test on the test driver', () => {
    expect(domainTypeFor(conn('qemu:///system'), host('kvm'), null)).toBe('kvm');
    expect(domainTypeFor(conn('qemu:///system'), host('qemu'), null)).toBe('qemu');
    expect(domainTypeFor(conn('qemu:///system'), host('kvm'), 'qemu')).toBe('qemu');
    expect(domainTypeFor(conn('test:///default'), host('test'), 'kvm')).toBe('test');
  });

  it('logs the serial console beside libvirt’s own per-domain logs, named by the instance', () => {
    expect(consoleLogPath('/var/log/libvirt/qemu/', 'u')).toBe('/var/log/libvirt/qemu/u.console.log');
  });
});
