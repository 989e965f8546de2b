// The image, network and pool commands of the real `virt-deck` bin against the lab: hosts asked live over the unix
// socket and over SSH, an unreachable host reported as a warning, and `image delete` removing the base volume of a
// deleted image from a host where no instance uses it — and keeping it where one does.
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { OneShotHostConnections } from '../../../main/compute/host-access';
import { ensureBaseVolumeOn } from '../../../main/images';
import { addLabHost, usePrivatePool, useDataDir, volumeNames } from './helpers';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = join(repoRoot, 'scripts', 'virt-deck.mjs');
const { lab, pool, conn } = usePrivatePool();
const dataDir = useDataDir();

async function cli(dir: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args, '--data-dir', dir], {
      cwd: repoRoot,
      env: { ...process.env, VIRT_DECK_CLI_FROM_SOURCE: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('virt-deck image, network and pool commands on the lab', () => {
  it("lists the hosts' networks and pools over unix and SSH, with the default each host would use", async () => {
    const env = dataDir();
    addLabHost(env.store, lab(), 'qemu', 'unix');
    addLabHost(env.store, lab(), 'qemu', 'ssh', pool());
    env.store.hosts.insert({ name: 'gone', uri: `qemu+unix:///system?socket=${join(env.dataDir, 'no-socket')}` });
    const networks = await cli(env.dataDir, ['network', 'list']);
    expect(networks.code).toBe(0);
    expect(networks.stdout).toMatch(/\| qemu-unix +\| vd-lab-net +\| active +\| vdlab0 +\| isolated +\| yes +\|/);
    expect(networks.stdout).toMatch(/\| qemu-ssh +\| vd-lab-net +\| active +\| vdlab0 +\| isolated +\| yes +\|/);
    expect(networks.stderr).toMatch(/^warning: host gone: Host gone is not reachable: /);
    const pools = await cli(env.dataDir, ['pool', 'list', '--host', 'qemu-ssh', '--json']);
    const listed = JSON.parse(pools.stdout) as { host: string; pools: { name: string; isDefault: boolean; type: string }[] }[];
    expect(listed[0]?.pools.find((p) => p.name === pool())).toMatchObject({ isDefault: true, type: 'dir' });
    expect(listed[0]?.pools.find((p) => p.name === lab().qemu.pool.name)).toMatchObject({ isDefault: false });
    expect(await cli(env.dataDir, ['pool', 'list', '--host', 'gone'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: Host gone is not reachable/) });
  });

  it('image delete removes an unused base volume from the host, and keeps one an instance there is built on', async () => {
    const env = dataDir();
    expect((await cli(env.dataDir, ['image', 'import', lab().bootImage.path, '--name', 'boot'])).code).toBe(0);
    const other = JSON.parse((await cli(env.dataDir, ['image', 'import', lab().bootImage.path, '--name', 'boot2', '--json'])).stdout) as { id: string };
    const host = addLabHost(env.store, lab(), 'qemu', 'unix', pool());
    const hosts = new OneShotHostConnections(env.store);
    try {
      for (const record of env.store.images.list()) await ensureBaseVolumeOn(hosts, host.id, record, env);
    } finally {
      await hosts.close();
    }
    expect(await volumeNames(conn(), pool())).toHaveLength(2);
    // An instance on the host built from boot2.
    const project = env.store.projects.list()[0];
    env.store.instances.insert({ name: 'vm', projectId: project?.id ?? '', hostId: host.id, imageId: other.id, vmState: 'active', vcpus: 1, ramMiB: 64, diskGiB: 1 });

    const shown = await cli(env.dataDir, ['image', 'show', 'boot']);
    expect(shown.stdout).toMatch(/\| hosts +\| qemu-unix +\|/);
    const deleted = await cli(env.dataDir, ['image', 'delete', 'boot']);
    expect(deleted).toMatchObject({ code: 0, stderr: '' });
    expect(deleted.stdout).toMatch(/^Deleted image boot \(id [^)]+\)\.\nRemoved base volume _base_[0-9a-f]{40} from host qemu-unix\.\n$/);
    const kept = await cli(env.dataDir, ['image', 'delete', 'boot2']);
    expect(kept.stdout).toMatch(/1 instance built from it keeps running; their hosts keep its base volume until none uses it\.\nKept base volume _base_[0-9a-f]{40} on host qemu-unix: 1 instance on the host uses it\.\n$/);
    expect(await volumeNames(conn(), pool())).toHaveLength(1);
    expect(env.store.imageHostCache.list().map((row) => row.imageId)).toEqual([other.id]);
  });
});
