import { describe, expect, it } from 'vitest';
import { formatNetworks } from '../../../main/compute/instance-views';
import { summarizeCapabilities } from '../../../main/hosts/host-facts';

// Trimmed from `virsh capabilities` on the lab's QEMU host (libvirt 9.0).
const CAPABILITIES = `<capabilities>
  <host>
    <uuid>0f6f1c6e-0000-0000-0000-000000000000</uuid>
    <cpu>
      <arch>x86_64</arch>
      <model>Skylake-Client-IBRS</model>
    </cpu>
  </host>
  <guest>
    <os_type>hvm</os_type>
    <arch name='i686'>
      <wordsize>32</wordsize>
      <domain type='qemu'/>
      <domain type='kvm'/>
    </arch>
  </guest>
  <guest>
    <os_type>hvm</os_type>
    <arch name='x86_64'>
      <domain type='qemu'/>
      <domain type='kvm'/>
    </arch>
  </guest>
</capabilities>`;

describe('host facts', () => {
  it('summarizes capabilities: host arch, guest domain types and arches without duplicates', () => {
    expect(summarizeCapabilities(CAPABILITIES)).toEqual({ arch: 'x86_64', domainTypes: ['qemu', 'kvm'], guestArches: ['i686', 'x86_64'] });
    expect(summarizeCapabilities('<capabilities/>')).toEqual({ arch: null, domainTypes: [], guestArches: [] });
  });

  it('formats the Networks column as nova list does', () => {
    expect(formatNetworks({})).toBe('');
    expect(formatNetworks({ private: [{ addr: '10.0.0.3' }, { addr: 'fd00::3' }], public: ['172.24.4.9'] })).toBe('private=10.0.0.3, fd00::3; public=172.24.4.9');
    expect(formatNetworks({ odd: 'not a list', empty: [] })).toBe('empty=');
  });
});
