import { describe, expect, it } from 'vitest';
import { NetworkXml } from '../../../../main/xml';
import { golden } from '../golden';

describe('NetworkXml', () => {
  it('reads a NAT network with DHCP (test driver)', () => {
    const net = NetworkXml.parse(golden('test-network.xml'));
    expect(net.values()).toEqual({ name: 'default', uuid: 'dd8fe884-6c02-601e-7551-cca97df1c5df', bridge: 'virbr0', forwardMode: 'nat', forwardDev: null, mac: null, domainName: null, mtu: null });
    const ip = net.ips.at(0);
    expect(ip?.values()).toEqual({ address: '192.168.122.1', netmask: '255.255.255.0', prefix: null, family: null });
    expect(ip?.dhcpRanges.all().map((r) => r.values())).toEqual([{ start: '192.168.122.2', end: '192.168.122.254' }]);
    expect(ip?.dhcpHosts.length).toBe(0);
  });

  it('reads an isolated bridge network (QEMU host)', () => {
    const net = NetworkXml.parse(golden('qemu-network.xml'));
    expect([net.name, net.bridge, net.forwardMode, net.mac, net.ips.length]).toEqual(['vd-lab-net', 'vdlab0', null, '52:54:00:81:92:e0', 0]);
  });
});
