// The lab's own test: up, idempotent up, faults, down, partial down, all on a private state dir.
// It needs the machine to itself (the QEMU driver allows one libvirt daemon), so it runs in the
// vitest project "lab", which has no globalSetup, and skips when another libvirt daemon runs.
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { killLibvirtd, startLibvirtd, startSshd, stopSshd } from './faults';
import { readDirOr } from './files';
import { downLab, upLab } from './lab';
import { listeningTcpPorts, listeningUnixSockets } from './net';
import { BRIDGE_NAME, GUEST_NAME, LAB_PREFIX, labPaths } from './paths';
import { isAlive, listProcesses, readPidFile } from './processes';
import type { LabInfo } from './types';
import { domainStates, labHost, virsh } from './virsh';

// Another lab's daemon, or its guest orphaned by a killed daemon (ours would adopt and then destroy it).
const otherLab = listProcesses().filter(
  (proc) => proc.comm === 'libvirtd' || proc.comm === 'virtqemud' || (proc.comm.startsWith('qemu-system') && proc.argv.join(' ').includes(`guest=${LAB_PREFIX}`)),
);
const skipReason =
  otherLab.length === 0
    ? null
    : `another lab runs (${otherLab.map((proc) => `pid ${proc.pid} ${proc.comm}`).join(', ')}); the QEMU driver allows one libvirt daemon per machine. Run \`npm run lab -- down\` first.`;
if (skipReason !== null) console.warn(`Skipping the lab lifecycle test: ${skipReason}`);

const stateDir = mkdtempSync('/tmp/vd-lab-lifecycle-');
chmodSync(stateDir, 0o755);
const paths = labPaths(stateDir);

afterAll(async () => {
  if (skipReason === null) await downLab({ stateDir, purge: true });
  rmSync(stateDir, { recursive: true, force: true });
});

/** Pid of the guest's QEMU process, as libvirt records it. */
const qemuPid = (): number | null => readPidFile(`/run/libvirt/qemu/${GUEST_NAME}.pid`);

/** Everything of the lab that must be gone after `down`. */
interface Footprint {
  readonly pids: number[];
  readonly ports: number[];
}

async function footprint(info: LabInfo): Promise<Footprint> {
  const vnc = await virsh(info, ['vncdisplay', GUEST_NAME]); // "127.0.0.1:0"
  const vncPort = 5900 + Number(vnc.split(':').at(-1));
  const pids = [info.libvirtdPid, info.sshdPid, qemuPid() ?? -1];
  if (info.virtlogd.startedByLab) pids.push(info.virtlogd.pid);
  return { pids, ports: [info.ssh.port, vncPort] };
}

function expectNothingLeft(before: Footprint): void {
  expect(before.pids.filter(isAlive)).toEqual([]);
  const listening = listeningTcpPorts();
  expect(before.ports.filter((port) => listening.has(port))).toEqual([]);
  // No process mentions the state dir (libvirtd --config, sshd -f, qemu -kernel, ssh sessions).
  expect(listProcesses().filter((proc) => proc.argv.join(' ').includes(stateDir)).map((proc) => proc.argv.join(' '))).toEqual([]);
  expect(listProcesses().filter((proc) => proc.comm.startsWith('qemu-system') && proc.argv.join(' ').includes(`guest=${LAB_PREFIX}`))).toEqual([]);
  expect([...listeningUnixSockets()].filter((path) => path.startsWith(stateDir))).toEqual([]);
  for (const dir of ['/etc/libvirt/qemu', '/etc/libvirt/qemu/networks', '/etc/libvirt/storage', '/run/libvirt/qemu']) {
    expect(readDirOr(dir).filter((name) => name.startsWith(LAB_PREFIX))).toEqual([]);
  }
  expect(readdirSync('/sys/class/net')).not.toContain(BRIDGE_NAME);
}

describe.skipIf(skipReason !== null).sequential('lab lifecycle', () => {
  let info: LabInfo;

  it('brings up libvirtd, virtlogd, sshd and a booted guest', async () => {
    const started = performance.now();
    const result = await upLab({ stateDir });
    console.log(`lab up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    info = result.info;
    expect(result.startedNow).toBe(true);
    expect(isAlive(info.libvirtdPid) && isAlive(info.sshdPid) && isAlive(info.virtlogd.pid)).toBe(true);
    expect(listeningTcpPorts().has(info.ssh.port)).toBe(true);
    expect(info.hosts.map((host) => host.name)).toEqual(['qemu', 'test-default', 'small', 'large']);
    expect(await virsh(info, ['domstate', GUEST_NAME], { viaSsh: true })).toBe('running');
    for (const host of info.hosts) {
      expect(await virsh(info, ['nodeinfo'], { host: host.name, viaSsh: true })).toMatch(new RegExp(`^CPU\\(s\\):\\s+${host.cpus}$`, 'm'));
    }
    expect(domainStates(await virsh(info, ['list', '--all'], { host: 'small' })).get('small-batch')).toBe('paused');
    expect(info.bootImage).toMatchObject({ path: paths.bootImage, format: 'qcow2', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
  });

  it('returns the running lab when asked to come up again', async () => {
    const again = await upLab({ stateDir });
    expect(again.startedNow).toBe(false);
    expect(again.info.libvirtdPid).toBe(info.libvirtdPid);
    expect(again.info.ssh.port).toBe(info.ssh.port);
  });

  it('re-adopts the running guest when libvirtd restarts after SIGKILL', async () => {
    const guestPid = qemuPid();
    await killLibvirtd(info);
    expect(isAlive(info.libvirtdPid)).toBe(false);
    await expect(virsh(info, ['domstate', GUEST_NAME], { timeoutMs: 5_000 })).rejects.toThrow(/failed to connect|cannot|Connection refused/i);
    const restarted = await startLibvirtd(info);
    expect(restarted.libvirtdPid).not.toBe(info.libvirtdPid);
    expect(isAlive(restarted.libvirtdPid)).toBe(true);
    expect(qemuPid()).toBe(guestPid);
    expect(await virsh(restarted, ['domstate', GUEST_NAME])).toBe('running');
    info = restarted;
  });

  it('stops sshd (closing the port) and starts it again on the same port', async () => {
    await stopSshd(info);
    expect(isAlive(info.sshdPid)).toBe(false);
    expect(listeningTcpPorts().has(info.ssh.port)).toBe(false);
    await expect(virsh(info, ['uri'], { viaSsh: true, timeoutMs: 15_000 })).rejects.toThrow();
    const restarted = await startSshd(info);
    expect(restarted.ssh.port).toBe(info.ssh.port);
    expect(await virsh(restarted, ['domstate', GUEST_NAME], { viaSsh: true })).toBe('running');
    info = restarted;
  });

  it('leaves no process, port, definition or bridge behind on down', async () => {
    const before = await footprint(info);
    const started = performance.now();
    await downLab({ stateDir });
    console.log(`lab down in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expectNothingLeft(before);
  });

  it('comes up despite stale pid files, and down cleans a lab whose libvirtd was killed', async () => {
    // Stale pid files naming a live, unrelated process (this test process) must not be mistaken for the lab's daemons.
    writeFileSync(paths.libvirtdPid, `${process.pid}\n`);
    writeFileSync(paths.sshdPid, `${process.pid}\n`);
    const { info: second } = await upLab({ stateDir, waitForGuestBanner: false });
    expect(second.libvirtdPid).not.toBe(process.pid);
    const before = await footprint(second);
    await killLibvirtd(second); // the guest's QEMU is now an orphan nobody manages
    expect(isAlive(qemuPid() ?? -1)).toBe(true);
    await downLab({ stateDir });
    expectNothingLeft(before);
  });

  it('rejects a state directory that cannot be embedded in URIs', async () => {
    await expect(upLab({ stateDir: '/tmp/has space' })).rejects.toThrow(/may only contain/);
    await expect(upLab({ stateDir: 'relative/dir' })).rejects.toThrow(/must be absolute/);
  });

  it('reports hosts with the capacity of their node XML', () => {
    expect(labHost(info, 'small')).toMatchObject({ cpus: 8, memoryKiB: 16 * 1024 * 1024, sharedState: false });
    expect(labHost(info, 'large')).toMatchObject({ cpus: 32, memoryKiB: 64 * 1024 * 1024, sharedState: false });
    expect(labHost(info, 'test-default').sharedState).toBe(true);
  });
});
