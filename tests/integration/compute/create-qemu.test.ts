// The create flow on the lab's real QEMU host, through the app's live host sessions: the lab's bootable image is
// uploaded once as a base volume, each instance gets a qcow2 overlay and a NoCloud seed, boots, and prints the
// hostname cloud-init gave it (and the key pair's fingerprint) on its serial console. The task states pass through
// the change feed one by one; a second create reuses the base image. Then the same over the SSH URI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_STEPS, instanceVolumeName, type BuildEvent } from '../../../main/compute/build';
import { DomainXml } from '../../../main/xml';
import { uniqueName } from '../../lab/fixture';
import { labInfo } from '../../lab/lab-info';
import { waitUntil } from '../../lab/processes';
import { labHost, virsh } from '../../lab/virsh';
import { consoleLog, startComputeLab, TINY, type ComputeLab } from './compute-lab';

const lab = labInfo();
// A boot takes ≈10 s on a quiet machine and 30–40 s when two cores carry a load of 15 (TCG).
const BOOT = { timeout: 240_000 };

async function bannerOf(uuid: string, hostname: string): Promise<string> {
  const banner = `${lab.bootImage.banner}: hostname=${hostname}`;
  await waitUntil(() => consoleLog(uuid).includes(banner), { timeoutMs: 180_000, intervalMs: 200, what: `instance ${uuid} printing "${banner}"` });
  return consoleLog(uuid);
}

for (const transport of ['unix', 'ssh'] as const) {
  describe(`create on the QEMU host over ${transport}`, () => {
    let compute: ComputeLab;
    beforeAll(async () => {
      const qemu = labHost(lab, 'qemu');
      compute = await startComputeLab(lab, { hosts: [{ name: 'qemu', uri: transport === 'unix' ? qemu.unixUri : qemu.sshUri }] });
    });
    afterAll(() => compute?.stop());

    it('builds from the boot image: states in the change feed, overlay on the base, seed read by the guest', BOOT, async () => {
      const name = uniqueName('build');
      const events: BuildEvent[] = [];
      const created = compute.builds.create({ name, flavor: TINY, image: compute.image!.name, keyName: 'alice', description: 'first' }, (e) => events.push(e));
      const [claimed] = created.instances;
      expect(claimed).toMatchObject({ name, vmState: 'building', taskState: 'scheduling', origin: 'created', keyName: 'alice' });
      const [done] = await created.done;
      const uuid = claimed!.uuid;
      expect(done).toMatchObject({ uuid, vmState: 'active', taskState: null, powerState: 1, fault: null, libvirtDomainName: name, libvirtDomainUuid: uuid, network: lab.qemu.network?.name, taskOwner: null });
      expect(done?.launchedAt).not.toBeNull();

      // Every step, in order, each its own committed write seen by the change feed.
      await waitUntil(() => compute.taskStates.get(uuid)?.at(-1) === null, { timeoutMs: 5000, what: 'the feed showing the end of the build' });
      expect(compute.taskStates.get(uuid)).toEqual([...BUILD_STEPS.slice(1), null]);
      expect(events.filter((e) => e.kind === 'task').map((e) => e.kind === 'task' && e.taskState)).toEqual(BUILD_STEPS.slice(1));
      expect(events.some((e) => e.kind === 'upload')).toBe(true);
      const actions = compute.inventory.store.instanceActions;
      expect(actions.events(claimed!.launchIndex === 0 ? actions.list(uuid)[0]!.id : 0).map((e) => [e.event, e.result])).toEqual([
        ['schedule_instances', 'Success'],
        ['compute_prepare_networking', 'Success'],
        ['compute_block_device_mapping', 'Success'],
        ['compute_spawn', 'Success'],
      ]);

      // On the host: the overlay on the base image, sized to the flavor; the seed; our metadata in the domain.
      const pool = lab.qemu.pool.name;
      const cache = compute.inventory.store.imageHostCache.list({ hostId: done!.hostId! })[0]!;
      expect(cache).toMatchObject({ status: 'ready', sha256: lab.bootImage.sha256 });
      const overlay = await virsh(lab, ['vol-dumpxml', '--pool', pool, instanceVolumeName(uuid, 'root')]);
      expect(overlay).toContain(`<capacity unit='bytes'>${2 ** 30}</capacity>`);
      expect(overlay).toContain(`<path>${cache.path}</path>`);
      expect(done?.volumes.map((v) => v.role)).toEqual(['root', 'config']);
      const domain = DomainXml.parse(await virsh(lab, ['dumpxml', name]));
      expect(domain.values()).toMatchObject({ type: 'qemu', uuid, name, vcpus: 1, memory: 128n << 20n });
      expect(domain.instance.values()).toMatchObject({ uuid, name, project: 'admin', imageId: compute.image!.id });
      expect(domain.graphics.at(0)?.values()).toMatchObject({ type: 'vnc', autoport: true, listen: '127.0.0.1' });
      expect(domain.disks.all().map((d) => [d.device, d.targetBus, d.source()])).toEqual([
        ['disk', 'virtio', { kind: 'volume', pool, volume: instanceVolumeName(uuid, 'root') }],
        ['cdrom', 'ide', { kind: 'volume', pool, volume: instanceVolumeName(uuid, 'config') }],
      ]);

      // The guest found the seed: its hostname and the key pair's fingerprint on the serial console.
      const serial = await bannerOf(uuid, name);
      expect(serial).toContain(`NoCloud seed: /dev/sr0 (iso9660) instance-id=${uuid}`);
      expect(serial).toContain(`${lab.bootImage.keyLinePrefix} ${compute.key.fingerprint} alice@virt-deck (ssh-ed25519)`);
    });

    it('reuses the base image for the next instance (no upload) and names it after the instance', BOOT, async () => {
      const events: BuildEvent[] = [];
      const name = uniqueName('again');
      const created = compute.builds.create({ name, flavor: TINY, image: compute.image!.id, userData: '#cloud-config\nruncmd: [echo hi]\n' }, (e) => events.push(e));
      const [done] = await created.done;
      expect(done).toMatchObject({ vmState: 'active', name });
      expect(events.some((e) => e.kind === 'upload')).toBe(false);
      await bannerOf(done!.uuid, name);
    });
  });
}
