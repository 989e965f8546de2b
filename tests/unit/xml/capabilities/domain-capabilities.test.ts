import { describe, expect, it } from 'vitest';
import { DomainCapabilitiesXml } from '../../../../main/xml';
import { golden } from '../golden';

describe('DomainCapabilitiesXml', () => {
  const caps = DomainCapabilitiesXml.parse(golden('qemu-domcapabilities.xml'));

  it('reads emulator, domain type, machine, arch and the vCPU maximum', () => {
    expect(caps.values()).toEqual({ emulator: '/usr/bin/qemu-system-x86_64', domainType: 'qemu', machine: 'pc-i440fx-7.2', arch: 'x86_64', maxVcpus: 255 });
  });

  it('lists supported CPU modes and device enums', () => {
    expect(caps.cpuModes()).toEqual(['maximum', 'host-model', 'custom']);
    expect(caps.enumValues('disk', 'diskDevice')).toContain('cdrom');
    expect(caps.enumValues('disk', 'bus')).toEqual(expect.arrayContaining(['virtio', 'sata']));
    expect(caps.enumValues('graphics', 'type')).toContain('vnc');
    expect(caps.enumValues('disk', 'nope')).toEqual([]);
    expect(caps.enumValues('nodevice', 'bus')).toEqual([]);
    expect(DomainCapabilitiesXml.parse('<domainCapabilities/>').cpuModes()).toEqual([]);
  });
});
