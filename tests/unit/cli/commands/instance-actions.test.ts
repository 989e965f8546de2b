// The action commands where no host is needed (the inventory-only actions, an instance without a domain), the
// refusals and the usage errors. Actions on real domains are in tests/integration/compute/.
import { describe, expect, it } from 'vitest';
import { cliIn as cli } from '../run-in-process';
import { openInventory } from '../../../../main/inventory';
import { useTempDirs } from '../../inventory/helpers';

const tempDir = useTempDirs();

/** A data dir with one instance that has no domain (a build that failed before defining one). */
function withInstance(): { dataDir: string; uuid: string } {
  const dataDir = tempDir();
  const inventory = openInventory({ dataDir });
  try {
    const admin = inventory.store.projects.getByName('admin')?.id as string;
    const uuid = inventory.store.instances.insert({ name: 'web', projectId: admin, hostId: null, vmState: 'error', vcpus: 1, ramMiB: 512, diskGiB: 1, origin: 'created' }).uuid;
    return { dataDir, uuid };
  } finally {
    inventory.close();
  }
}

describe('instance action commands', () => {
  it('locks with a reason, refuses while locked, unlocks, renames, and logs every action', async () => {
    const { dataDir, uuid } = withInstance();
    const locked = await cli(dataDir, 'lock', 'web', '--reason', 'audit');
    expect(locked).toMatchObject({ code: 0, stdout: `Instance web (${uuid}) is ERROR: vm_state error, power state NOSTATE, locked.\n` });
    expect(await cli(dataDir, 'rename', 'web', 'api')).toMatchObject({ code: 1, stderr: 'error: Instance web is locked (audit)\n' });
    expect((await cli(dataDir, 'unlock', 'web')).code).toBe(0);
    expect((await cli(dataDir, 'rename', 'web', 'api')).stdout).toContain(`Instance api (${uuid})`);
    const log = await cli(dataDir, 'action-list', 'api', '--json');
    expect((JSON.parse(log.stdout) as { action: string }[]).map((a) => a.action)).toEqual(['update', 'unlock', 'lock']);
    expect((await cli(dataDir, 'action-list', 'api')).stdout).toMatch(/\| update +\| req-[0-9a-f-]+ +\|/);
  });

  it("refuses what the state does not allow with Nova's message and exit code 1", async () => {
    const { dataDir } = withInstance();
    expect(await cli(dataDir, 'resume', 'web')).toMatchObject({ code: 1, stderr: "error: Cannot 'resume' instance web while it is in vm_state error\n" });
    expect(await cli(dataDir, 'stop', 'web')).toMatchObject({ code: 1, stderr: 'error: Instance web has no libvirt domain on a host\n' });
    expect(await cli(dataDir, 'start', 'nope')).toMatchObject({ code: 1, stderr: 'error: Instance nope not found\n' });
  });

  it('soft-deletes, restores and deletes with the restore window set by settings', async () => {
    const { dataDir, uuid } = withInstance();
    expect((await cli(dataDir, 'settings', 'set', 'reclaim_instance_interval', '600')).code).toBe(0);
    const soft = await cli(dataDir, 'delete', 'web');
    expect(soft.stdout).toMatch(new RegExp(`^Instance web \\(${uuid}\\) is SOFT_DELETED: vm_state soft-delete, power state NOSTATE\\.\\nRestorable until \\S+\\n$`));
    expect((await cli(dataDir, 'restore', 'web')).stdout).toContain('is ERROR');
    expect(await cli(dataDir, 'delete', 'web', '--force', '--delete-disks')).toMatchObject({ code: 1, stderr: expect.stringContaining('--delete-disks is for adopted instances') });
    expect(await cli(dataDir, 'delete', 'web', '--force')).toMatchObject({ code: 0, stdout: 'Instance web deleted.\n' });
    expect((await cli(dataDir, 'list')).stdout).not.toContain('web');
  });

  it('forgets, saying what happens to a domain left on a host', async () => {
    const { dataDir } = withInstance();
    expect(await cli(dataDir, 'forget', 'web')).toMatchObject({ code: 0, stdout: 'Instance web is no longer tracked.\n' });
  });

  it('shows and sets settings, refusing unknown keys and bad values', async () => {
    const dataDir = tempDir();
    const all = JSON.parse((await cli(dataDir, 'settings', 'get', '--json')).stdout) as { key: string; value: number }[];
    expect(all.map((s) => [s.key, s.value])).toEqual([
      ['reclaim_instance_interval', 0],
      ['stop_timeout_seconds', 60],
      ['virt_type', 'auto'],
    ]);
    expect((await cli(dataDir, 'settings', 'set', 'virt_type', 'qemu')).stdout).toMatch(/\| virt_type +\| qemu +\| auto /);
    expect((await cli(dataDir, 'settings', 'set', 'stop_timeout_seconds', '90')).stdout).toMatch(/\| stop_timeout_seconds \| 90 +\| 60 /);
    expect((await cli(dataDir, 'settings', 'set', 'stop_timeout_seconds', 'default')).stdout).toMatch(/\| stop_timeout_seconds \| 60 +\| 60 \(in use\)/);
    expect(await cli(dataDir, 'settings', 'set', 'stop_timeout_seconds', '0')).toMatchObject({ code: 1, stderr: 'error: stop_timeout_seconds must be between 1 and 3600 seconds, not 0\n' });
    expect((await cli(dataDir, 'settings', 'set', 'stop_timeout_seconds', '1e3')).code).toBe(2);
    expect(await cli(dataDir, 'settings', 'set', 'stop_timeout_seconds', 'soon')).toMatchObject({ code: 2, stderr: expect.stringContaining(`stop_timeout_seconds is a whole number or 'default' (got "soon")`) });
    expect(await cli(dataDir, 'settings', 'set', 'virt_type', 'xen')).toMatchObject({ code: 1, stderr: 'error: virt_type must be one of auto, kvm, qemu, not "xen"\n' });
    expect((await cli(dataDir, 'settings', 'get', 'nope')).stderr).toMatch(/^error: Unknown setting nope/);
  });

  it('refuses option combinations that mean nothing, as usage errors', async () => {
    const dataDir = tempDir();
    expect(await cli(dataDir, 'stop', 'web', '--force', '--timeout', '5')).toMatchObject({ code: 2, stderr: expect.stringContaining('--timeout does not go with --force') });
    expect((await cli(dataDir, 'reboot', 'web', '--hard', '--timeout', '5')).code).toBe(2);
    expect(await cli(dataDir, 'stop', 'web', '--timeout', '0.5')).toMatchObject({ code: 2, stderr: expect.stringContaining('--timeout must be a whole number of seconds from 1 to 3600') });
    expect((await cli(dataDir, 'snapshot', 'create', 'web')).code).toBe(2);
  });
});
