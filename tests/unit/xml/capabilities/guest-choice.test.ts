import { describe, expect, it } from 'vitest';
import { CapabilitiesXml, chooseGuest } from '../../../../main/xml';
import { golden } from '../golden';

describe('chooseGuest', () => {
  const qemu = CapabilitiesXml.parse(golden('qemu-capabilities.xml'));

  it("picks the host's arch, the canonical machine behind the pc alias and the emulator", () => {
    expect(chooseGuest(qemu, { domainType: 'qemu' })).toEqual({
      osType: 'hvm',
      arch: 'x86_64',
      domainType: 'qemu',
      machine: 'pc-i440fx-7.2',
      emulator: '/usr/bin/qemu-system-x86_64',
    });
    expect(chooseGuest(qemu, { domainType: 'kvm', arch: 'i686', machine: 'q35' })).toMatchObject({ arch: 'i686', machine: 'pc-q35-7.2', emulator: '/usr/bin/qemu-system-i386' });
  });

  it('prefers machines and emulator listed under the domain type', () => {
    const caps = CapabilitiesXml.parse(`<capabilities><host><cpu><arch>x86_64</arch></cpu></host><guest><os_type>hvm</os_type><arch name='x86_64'>
      <emulator>/usr/bin/qemu</emulator><machine>pc-1</machine>
      <domain type='qemu'/><domain type='kvm'><emulator>/usr/bin/kvm</emulator><machine>pc-kvm</machine></domain></arch></guest></capabilities>`);
    expect(chooseGuest(caps, { domainType: 'kvm' })).toMatchObject({ machine: 'pc-kvm', emulator: '/usr/bin/kvm' });
    expect(chooseGuest(caps, { domainType: 'qemu' })).toMatchObject({ machine: 'pc-1', emulator: '/usr/bin/qemu' });
  });

  it('says what the host lacks', () => {
    expect(() => chooseGuest(qemu, { domainType: 'xen' })).toThrow('the host offers no hvm guest on x86_64 with domain type xen');
    expect(() => chooseGuest(qemu, { domainType: 'qemu', arch: 'aarch64' })).toThrow(/no hvm guest on aarch64/);
    expect(() => chooseGuest(CapabilitiesXml.parse('<capabilities/>'), { domainType: 'qemu' })).toThrow(/no CPU architecture/);
    const test = CapabilitiesXml.parse(golden('test-capabilities.xml'));
    expect(chooseGuest(test, { domainType: 'test' })).toEqual({ osType: 'hvm', arch: 'i686', domainType: 'test', machine: null, emulator: '/usr/bin/test-hv' });
  });
});
