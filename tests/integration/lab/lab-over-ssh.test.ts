// The shared lab as later tests see it: every host reachable over SSH with the host key checked,
// a real QEMU guest running, file-based test hosts with their capacity and seeded objects.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../lab/exec';
import { uniqueName } from '../../lab/fixture';
import { labInfo } from '../../lab/lab-info';
import { domainStates, labHost, nameLines, virsh } from '../../lab/virsh';

const lab = labInfo();
const scratch = mkdtempSync(join(tmpdir(), 'vd-lab-ssh-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('lab over SSH', () => {
  it('shows the real guest running through virsh over SSH', async () => {
    expect(await virsh(lab, ['domstate', lab.guest.name], { host: 'qemu', viaSsh: true })).toBe('running');
    const xml = await virsh(lab, ['dumpxml', lab.guest.name], { viaSsh: true });
    expect(xml).toContain(`<uuid>${lab.guest.uuid}</uuid>`);
    expect(xml).toMatch(/<graphics type='vnc' port='59\d\d' autoport='yes' listen='127\.0\.0\.1'>/);
  });

  it('has the guest banner on its serial console', () => {
    expect(readFileSync(lab.guest.consoleLogPath, 'utf8')).toContain(lab.guest.banner);
  });

  it('refuses a server whose host key is not the one in known_hosts', async () => {
    const impostorKey = join(scratch, 'impostor');
    await run('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', impostorKey]);
    const wrongKnownHosts = join(scratch, 'known_hosts');
    const impostor = readFileSync(`${impostorKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(wrongKnownHosts, `[127.0.0.1]:${lab.ssh.port} ${impostor}\n`);
    const ssh = (knownHosts: string): Promise<unknown> =>
      run('/usr/bin/ssh', ['-F', lab.ssh.configPath, '-o', `UserKnownHostsFile=${knownHosts}`, '-p', String(lab.ssh.port), 'root@127.0.0.1', 'true']);
    await expect(ssh(wrongKnownHosts)).rejects.toThrow(/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/);
    await expect(ssh(lab.ssh.knownHostsPath)).resolves.toBeDefined();
  });

  it('serves the file-based test hosts with their capacity and seeded domains', async () => {
    for (const name of ['small', 'large']) {
      const host = labHost(lab, name);
      expect(await virsh(lab, ['nodeinfo'], { host: name, viaSsh: true })).toMatch(new RegExp(`^CPU\\(s\\):\\s+${host.cpus}$`, 'm'));
      const states = domainStates(await virsh(lab, ['list', '--all'], { host: name, viaSsh: true }));
      expect(Object.fromEntries(states)).toEqual(Object.fromEntries(host.seed.domains.map((domain) => [domain.name, domain.state])));
      expect(new Set(host.seed.domains.map((domain) => domain.state))).toEqual(new Set(['running', 'paused', 'shut off']));
      const pool = host.seed.pools[0];
      if (pool === undefined) throw new Error(`host ${name} has no seeded pool`);
      expect(await virsh(lab, ['vol-list', pool.name], { host: name })).toContain(pool.volumes[0]);
      expect(nameLines(await virsh(lab, ['net-list', '--all', '--name'], { host: name }))).toEqual([...host.seed.networks]);
    }
    expect(labHost(lab, 'small')).toMatchObject({ cpus: 8, memoryKiB: 16 * 1024 * 1024 });
    expect(labHost(lab, 'large')).toMatchObject({ cpus: 32, memoryKiB: 64 * 1024 * 1024 });
  });

  it('keeps test:///default state across connections (unix, then SSH)', async () => {
    // libvirt drops test:///default's state when its last connection closes; the lab holds one open.
    const name = uniqueName('shared');
    const xmlPath = join(scratch, `${name}.xml`);
    writeFileSync(xmlPath, `<domain type='test'><name>${name}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>`);
    await virsh(lab, ['define', xmlPath], { host: 'test-default' });
    try {
      expect(domainStates(await virsh(lab, ['list', '--all'], { host: 'test-default', viaSsh: true })).get(name)).toBe('shut off');
    } finally {
      await virsh(lab, ['undefine', name], { host: 'test-default' }).catch(() => undefined);
    }
  });

  it('keeps a storage pool with a qcow2 volume and an isolated network without addresses on the QEMU host', async () => {
    expect(await virsh(lab, ['vol-path', '--pool', lab.qemu.pool.name, lab.qemu.pool.volume.name], { viaSsh: true })).toBe(lab.qemu.pool.volume.path);
    expect(await virsh(lab, ['vol-dumpxml', '--pool', lab.qemu.pool.name, lab.qemu.pool.volume.name])).toContain("<format type='qcow2'/>");
    if (lab.qemu.network === null) return; // bridges unavailable on this machine (lab.qemu.networkSkippedReason says why)
    const net = await virsh(lab, ['net-dumpxml', lab.qemu.network.name], { viaSsh: true });
    expect(net).toContain(`<bridge name='${lab.qemu.network.bridge}'`);
    expect(net).not.toContain('<ip');
    expect(net).not.toContain('<forward');
  });
});
