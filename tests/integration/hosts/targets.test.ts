// Which pool and network a host's instances get, resolved against the lab's real hosts: the QEMU host has no
// "default" pool and an inactive "default" network, so both fall back; names set on the host or asked for are used
// as they are, and a missing or inactive one is an error naming what the host has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveNetwork, resolveStoragePool } from '../../../main/hosts';
import type { HostRecord } from '../../../main/inventory/model';
import { connectLibvirt, ListNetworksFlags, type LibvirtConnection } from '../../../main/libvirt';
import { labHost } from '../../lab';
import { labInfo } from '../../lab/lab-info';

const lab = labInfo();
let qemu: LibvirtConnection;
let small: LibvirtConnection;
beforeAll(async () => {
  [qemu, small] = await Promise.all([connectLibvirt(labHost(lab, 'qemu').unixUri), connectLibvirt(labHost(lab, 'small').unixUri)]);
});
afterAll(async () => {
  await Promise.all([qemu.close(), small.close()]);
});

function host(name: string, settings: Partial<Pick<HostRecord, 'storagePool' | 'defaultNetwork'>> = {}): HostRecord {
  return { name, storagePool: null, defaultNetwork: null, ...settings } as HostRecord;
}

describe('resolveStoragePool', () => {
  it('falls back to the first active dir pool when there is no "default"', async () => {
    expect(await resolveStoragePool(qemu, host('qemu'))).toMatchObject({ type: 'dir', active: true });
    expect((await resolveStoragePool(small, host('small'))).name).toBe('small-pool');
  });

  it("uses the host's pool or the one asked for, and refuses a missing one with what the host has", async () => {
    expect((await resolveStoragePool(qemu, host('qemu', { storagePool: lab.qemu.pool.name }))).name).toBe(lab.qemu.pool.name);
    await expect(resolveStoragePool(qemu, host('qemu', { storagePool: 'nope' }))).rejects.toThrow(
      new RegExp(`^Storage pool nope \\(the pool set for host qemu\\) does not exist on host qemu: it has .*${lab.qemu.pool.name} \\(active\\)`),
    );
    await expect(resolveStoragePool(qemu, host('qemu'), 'missing')).rejects.toThrow(/^Storage pool missing does not exist on host qemu/);
  });
});

describe('resolveNetwork', () => {
  it('skips an inactive "default" for the first active network', async () => {
    // Other tests may add vd-lab-* networks for a while: the choice is the first active one by name, never "default".
    const active = (await qemu.networks.listAll({ flags: ListNetworksFlags.ACTIVE })).map((n) => n.name).sort();
    expect(await resolveNetwork(qemu, host('qemu'))).toMatchObject({ name: active[0], active: true });
    expect(active[0]).not.toBe('default');
    expect((await resolveNetwork(small, host('small'))).name).toBe('small-net');
  });

  it('refuses an inactive network that was asked for, saying how to start it', async () => {
    await expect(resolveNetwork(qemu, host('qemu'), 'default')).rejects.toThrow('Network default on host qemu is not active: start it (virsh net-start default)');
    await expect(resolveNetwork(qemu, host('qemu', { defaultNetwork: 'gone' }))).rejects.toThrow(/^Network gone \(the network set for host qemu\) does not exist on host qemu: it has default \(inactive\), .*vd-lab-net \(active\)/);
  });
});
