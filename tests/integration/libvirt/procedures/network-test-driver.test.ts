import { describe, expect, it } from 'vitest';
import { ErrorCode, ListNetworksFlags, isLibvirtError, isNoSupport } from '../../../../main/libvirt';
import { TRANSPORTS, bestEffort, freshName, useConnection } from './helpers';

describe.each(TRANSPORTS)('networks on test:///default over %s', (transport) => {
  const { conn } = useConnection('test-default', transport);

  it('lists networks and reads the built-in one', async () => {
    const n = conn().networks;
    const net = await n.lookupByName('default');
    expect(await n.listAll()).toContainEqual(net);
    expect(await n.getXmlDesc(net)).toContain('<name>default</name>');
    // The test driver has no DHCP leases at all.
    expect(isNoSupport(await n.getDhcpLeases(net).catch((e: unknown) => e))).toBe(true);
  });

  it('defines, starts, stops and undefines a network', async () => {
    const n = conn().networks;
    const name = freshName('net');
    const bridge = `vdt${name.slice(-8)}`;
    const net = await n.define(`<network><name>${name}</name><bridge name='${bridge}'/></network>`);
    try {
      // (The test driver refuses NetworkXmlFlags.INACTIVE.)
      expect(await n.getXmlDesc(net)).toContain(`<name>${name}</name>`);
      await n.create(net);
      expect((await n.listAll({ flags: ListNetworksFlags.ACTIVE })).map((x) => x.name)).toContain(name);
      await n.destroy(net);
      expect((await n.listAll({ flags: ListNetworksFlags.INACTIVE })).map((x) => x.name)).toContain(name);
    } finally {
      await bestEffort(
        () => n.destroy(net),
        () => n.undefine(net),
      );
    }
    expect(isLibvirtError(await n.lookupByName(name).catch((e: unknown) => e), ErrorCode.NO_NETWORK)).toBe(true);
  });
});
