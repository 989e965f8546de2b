import { describe, expect, it } from 'vitest';
import { CapabilitiesXml } from '../../../../main/xml';
import { golden } from '../golden';

describe('CapabilitiesXml', () => {
  it('reads the QEMU host: uuid, CPU, topology, security models, guests with machines and domain types', () => {
    const caps = CapabilitiesXml.parse(golden('qemu-capabilities.xml'));
    expect(caps.host.values()).toEqual({ uuid: 'a747f6f1-3a49-49a6-a71f-2a2df69aac52', arch: 'x86_64', cpuModel: 'Broadwell', cpuVendor: 'Intel' });
    expect(caps.host.topology.values()).toEqual({ sockets: 1, dies: 1, cores: 2, threads: 1 });
    expect(caps.host.secmodels.all().map((s) => s.values())).toEqual([
      { model: 'none', doi: '0' },
      { model: 'dac', doi: '0' },
    ]);
    const guests = caps.guests.all();
    expect(guests.map((g) => [g.osType, g.arch, g.wordsize, g.domainTypeNames])).toEqual([
      ['hvm', 'i686', 32, ['qemu', 'kvm']],
      ['hvm', 'x86_64', 64, ['qemu', 'kvm']],
    ]);
    const x86 = guests[1];
    expect(x86?.emulator).toBe('/usr/bin/qemu-system-x86_64');
    expect(x86?.machines.find((m) => m.name === 'pc')?.values()).toEqual({ name: 'pc', canonical: 'pc-i440fx-7.2', maxCpus: 255, deprecated: null });
    expect(x86?.machines.length).toBeGreaterThan(20);
  });

  it('reads NUMA cells with memory in bytes (test driver)', () => {
    const caps = CapabilitiesXml.parse(golden('test-capabilities.xml'));
    expect(caps.host.cells.all().map((c) => c.values())).toEqual([
      { id: 0, memory: 2097152n * 1024n, cpuCount: 8 },
      { id: 1, memory: 4194304n * 1024n, cpuCount: 8 },
    ]);
    expect(caps.host.uuid).toBeNull();
    expect(caps.host.secmodels.at(0)?.values()).toEqual({ model: 'testSecurity', doi: '' });
    expect(caps.guests.all().map((g) => [g.osType, g.arch, g.domainTypeNames])).toEqual([
      ['hvm', 'i686', ['test']],
      ['xen', 'i686', ['test']],
    ]);
  });

  it('reads an empty document as nothing', () => {
    const caps = CapabilitiesXml.parse('<capabilities/>');
    expect(caps.host.values()).toEqual({ uuid: null, arch: null, cpuModel: null, cpuVendor: null });
    expect(caps.guests.length).toBe(0);
    expect(CapabilitiesXml.create().toXml()).toBe('<capabilities/>');
  });
});
