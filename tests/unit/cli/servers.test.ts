import { describe, expect, it } from 'vitest';
import { reconcileHostDomains } from '../../../main/hosts/reconcile';
import { cliIn as cli } from './run-in-process';
import { openInventory } from '../../../main/inventory';
import { UNASSIGNED_PROJECT_NAME } from '../../../main/inventory/sqlite/seed';
import { useTempDirs } from '../inventory/helpers';

const tempDir = useTempDirs();

/** A data dir with one host and three adopted domains, as a sync would leave it (no libvirt needed). */
async function seeded(): Promise<string> {
  const dataDir = tempDir();
  expect((await cli(dataDir, 'host', 'add', 'lab1', 'qemu+ssh://root@lab1.example/system', '--key-file', '/keys/id_ed25519', '--zone', 'az1')).code).toBe(0);
  const inventory = openInventory({ dataDir });
  try {
    const host = inventory.store.hosts.getByName('lab1');
    const unassigned = inventory.store.projects.getByName(UNASSIGNED_PROJECT_NAME);
    if (host === undefined || unassigned === undefined) throw new Error('seed failed');
    const up = inventory.store.hosts.update(host.id, { status: 'up', lastSeenAt: '2026-12-01T10:00:00.000Z', facts: { hypervisorType: 'QEMU', hypervisorVersion: '7.2.0', cpus: 8, memoryMiB: 16384 } });
    inventory.store.write((repos) =>
      reconcileHostDomains(repos, { host: up, unassignedProjectId: unassigned.id, now: '2026-12-01T10:00:00.000Z' }, [
        { uuid: '11111111-1111-4111-8111-111111111111', name: 'web', id: 1, state: 1, size: { vcpus: 2, memoryMiB: 1024 } },
        { uuid: '22222222-2222-4222-8222-222222222222', name: 'db', id: -1, state: 5, size: { vcpus: 1, memoryMiB: 512 } },
        { uuid: '33333333-3333-4333-8333-333333333333', name: 'batch', id: 2, state: 3, size: { vcpus: 1, memoryMiB: 256 } },
      ]),
    );
  } finally {
    inventory.close();
  }
  return dataDir;
}

describe('virt-deck list / show / hosts', () => {
  it('lists instances as nova list does', async () => {
    const dataDir = await seeded();
    const { code, stdout } = await cli(dataDir, 'list');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[1]).toMatch(/^\| ID +\| Name +\| Status +\| Task State \| Power State \| Networks \|$/);
    expect(stdout).toMatch(/\| 11111111-1111-4111-8111-111111111111 \| web +\| ACTIVE +\| - +\| Running +\| +\|/);
    expect(stdout).toMatch(/\| db +\| SHUTOFF +\| - +\| Shutdown/);
    expect(stdout).toMatch(/\| batch +\| PAUSED +\| - +\| Paused/);
    const json = JSON.parse((await cli(dataDir, 'list', '--json', '--host', 'lab1')).stdout) as { name: string; status: string }[];
    expect(json.map((i) => [i.name, i.status])).toEqual([['web', 'ACTIVE'], ['db', 'SHUTOFF'], ['batch', 'PAUSED']]);
    expect((await cli(dataDir, 'list', '--host', 'nope')).stderr).toBe('error: Host nope not found\n');
  });

  it('shows one instance by name or UUID with the extended attributes', async () => {
    const dataDir = await seeded();
    const byName = await cli(dataDir, 'show', 'web');
    expect(byName.stdout).toMatch(/\| OS-EXT-STS:vm_state +\| active +\|/);
    expect(byName.stdout).toMatch(/\| OS-EXT-STS:power_state +\| 1 +\|/);
    expect(byName.stdout).toMatch(/\| OS-EXT-SRV-ATTR:host +\| lab1 +\|/);
    expect(byName.stdout).toMatch(/\| project +\| unassigned +\|/);
    expect(byName.stdout).toMatch(/\| host_status +\| UP +\|/);
    expect((await cli(dataDir, 'show', '22222222-2222-4222-8222-222222222222')).stdout).toMatch(/\| status +\| SHUTOFF +\|/);
    expect(await cli(dataDir, 'show', 'ghost')).toMatchObject({ code: 1, stderr: 'error: Instance ghost not found\n' });
  });

  it('shows UNKNOWN for instances on a host that is down, keeping the last states', async () => {
    const dataDir = await seeded();
    const inventory = openInventory({ dataDir });
    const host = inventory.store.hosts.getByName('lab1');
    if (host !== undefined) inventory.store.hosts.update(host.id, { status: 'down', statusReason: 'connection lost: socket closed' });
    inventory.close();
    const list = JSON.parse((await cli(dataDir, 'list', '--json')).stdout) as { status: string; vmState: string }[];
    expect(list.map((i) => i.status)).toEqual(['UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
    expect(list.map((i) => i.vmState)).toEqual(['active', 'stopped', 'paused']);
    expect((await cli(dataDir, 'host', 'show', 'lab1')).stdout).toMatch(/\| status_reason +\| connection lost: socket closed +\|/);
  });

  it('lists hosts with usage against capacity, and refuses bad input with a clear error', async () => {
    const dataDir = await seeded();
    const { stdout } = await cli(dataDir, 'hosts');
    expect(stdout).toMatch(/\| lab1 +\| up +\| enabled +\| qemu 7\.2\.0 +\| 4\/8 +\| 1792\/16384 +\| 3 +\| 2026-12-01T10:00:00\.000Z +\| qemu\+ssh:\/\/root@lab1\.example\/system\?keyfile=\/keys\/id_ed25519 +\|/);
    const shown = JSON.parse((await cli(dataDir, 'host', 'show', 'lab1', '--json')).stdout) as { auth: unknown; availabilityZone: string };
    expect(shown).toMatchObject({ auth: { username: 'root', keyFile: '/keys/id_ed25519' }, availabilityZone: 'az1' });
    expect((await cli(dataDir, 'host', 'add', 'x', 'qemu:///')).stderr).toBe('error: Unusable libvirt URI qemu:///: a qemu URI ends in /system or /session, not "/"\n');
    expect((await cli(dataDir, 'host', 'add', 'bad name', 'qemu:///system')).stderr).toMatch(/^error: Host name "bad name" must be/);
    expect((await cli(dataDir, 'host', 'add', 'lab1', 'qemu:///system')).stderr).toMatch(/^error: Host lab1 \(qemu:\/\/\/system\) already exists/);
    expect((await cli(dataDir, 'host', 'add', 'local', 'qemu:///system', '--key-file', '/k')).stderr).toMatch(/only apply to SSH URIs/);
  });

  it('removes a host only with --force while it has instances, keeping their history', async () => {
    const dataDir = await seeded();
    expect(await cli(dataDir, 'host', 'remove', 'lab1')).toMatchObject({ code: 1, stderr: expect.stringMatching(/still has 3 instances/) as unknown as string });
    expect((await cli(dataDir, 'host', 'remove', 'lab1', '--force')).stdout).toBe('Removed host lab1 (3 instances marked deleted).\n');
    const all = JSON.parse((await cli(dataDir, 'list', '--all', '--json')).stdout) as { status: string; hostName: string | null }[];
    expect(all.map((i) => [i.status, i.hostName])).toEqual([['DELETED', null], ['DELETED', null], ['DELETED', null]]);
    expect(JSON.parse((await cli(dataDir, 'list', '--json')).stdout)).toEqual([]);
  });
});
