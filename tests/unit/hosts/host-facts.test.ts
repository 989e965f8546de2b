import { describe, expect, it } from 'vitest';
import { formatNetworks } from '../../../main/compute/instance-views';
import { gatherHostFacts, summarizeCapabilities } from '../../../main/hosts/host-facts';
import type { LibvirtConnection } from '../../../main/libvirt';
import { DEFAULT_XML_LIMITS } from '../../../main/xml';
import { golden } from '../xml/golden';

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

  it('summarizes the real capabilities of the lab hosts', () => {
    expect(summarizeCapabilities(golden('qemu-capabilities.xml'))).toEqual({ arch: 'x86_64', domainTypes: ['qemu', 'kvm'], guestArches: ['i686', 'x86_64'] });
    expect(summarizeCapabilities(golden('test-capabilities.xml'))).toEqual({ arch: 'i686', domainTypes: ['test'], guestArches: ['i686'] });
  });

  // The regex this replaced backtracked cubically: this 22 KB document took 8.5 s and froze main. Now it is
  // parsed (or refused) in one linear pass; a version at the size limit, which the regex would never finish, too.
  it('summarizes hostile capabilities documents in linear time, refusing what the parser refuses', () => {
    const deep = (n: number) => `<capabilities>${'<host>'.repeat(n)}${'<cpu>'.repeat(n)}</capabilities>`;
    const flat = (n: number) => `<capabilities>${'<host></host>'.repeat(n)}${'<cpu></cpu>'.repeat(n)}</capabilities>`;
    expect(deep(2000).length).toBeGreaterThan(22_000);
    expect(() => summarizeCapabilities(deep(2000))).toThrow(expect.objectContaining({ reason: 'too-deep' }));
    expect(summarizeCapabilities(flat(1000))).toEqual({ arch: null, domainTypes: [], guestArches: [] });
    expect(() => summarizeCapabilities(flat(30_000))).toThrow(expect.objectContaining({ reason: 'too-many-nodes' }));
    const huge = `<capabilities><host>${'<cpu>'.repeat(30)}${'x'.repeat(DEFAULT_XML_LIMITS.maxLength - 1000)}${'</cpu>'.repeat(30)}</host></capabilities>`;
    expect(summarizeCapabilities(huge)).toEqual({ arch: null, domainTypes: [], guestArches: [] });
  });

  // A real daemon never sends a hostile document, so the connection is a stand-in answering only what
  // gatherHostFacts asks; the point is that a refused document is treated like a refused call.
  it('treats capabilities the parser refuses like capabilities the host did not send', async () => {
    const version = { raw: 9000000, major: 9, minor: 0, micro: 0, text: '9.0.0' };
    const conn = (capabilities: string) =>
      ({
        facts: async () => ({ type: 'QEMU', hypervisorVersion: version, libVersion: version, hostname: 'h', uri: 'qemu:///system', node: { model: 'x86_64', memory: 1048576n, cpus: 2, mhz: 0, nodes: 1, sockets: 1, cores: 2, threads: 1 } }),
        host: { getFreeMemory: async () => 512n * 1024n * 1024n, getCapabilities: async () => capabilities },
        storage: { listPools: async () => [] },
      }) as unknown as LibvirtConnection;
    const good = await gatherHostFacts(conn(golden('qemu-capabilities.xml')));
    expect(good).toMatchObject({ arch: 'x86_64', domainType: 'kvm', capabilities: { domainTypes: ['qemu', 'kvm'] } });
    const hostile = await gatherHostFacts(conn(`<!DOCTYPE c [<!ENTITY e "e">]><capabilities>&e;</capabilities>`));
    expect(hostile).not.toHaveProperty('capabilities');
    expect(hostile).toMatchObject({ hostname: 'h', cpus: 2, freeMemoryMiB: 512 });
  });

  it('formats the Networks column as nova list does', () => {
    expect(formatNetworks({})).toBe('');
    expect(formatNetworks({ private: [{ addr: '10.0.0.3' }, { addr: 'fd00::3' }], public: ['172.24.4.9'] })).toBe('private=10.0.0.3, fd00::3; public=172.24.4.9');
    expect(formatNetworks({ odd: 'not a list', empty: [] })).toBe('empty=');
  });
});
