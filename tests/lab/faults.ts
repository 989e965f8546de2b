import { readLabJson, readProcesses, updateProcesses, writeLabJson } from './lab-state';
import { killLibvirtdProcess, libvirtdAnswers, runningLibvirtdPid, startLibvirtdProcess } from './libvirtd';
import { withLab } from './lab';
import { sshBannerOn } from './net';
import type { LabPaths } from './paths';
import { ensureGuestRunning, ensureQemuObjects, waitForGuestBanner } from './qemu-host';
import { runningSshdPid, startSshdProcess, stopSshdProcess } from './sshd';
import type { LabInfo } from './types';
import { ensureKeeper } from './test-default-keeper';
import { ensureVirtlogd } from './virtlogd';

/** A running lab, by its LabInfo or its state directory. */
export type LabRef = LabInfo | string;

const stateDirOf = (lab: LabRef): string => (typeof lab === 'string' ? lab : lab.stateDir);

/** lab.json of a lab that must exist. */
function requireInfo(paths: LabPaths): LabInfo {
  const info = readLabJson(paths);
  if (info === null) throw new Error(`No lab is up in ${paths.stateDir} (no lab.json): run \`npm run lab -- up\` first`);
  return info;
}

/**
 * Kill the lab's libvirtd with SIGKILL, as a crash would. Its sockets and pid file stay behind;
 * running QEMU guests keep running (libvirtd re-adopts them on restart).
 */
export async function killLibvirtd(lab: LabRef): Promise<void> {
  await withLab(stateDirOf(lab), 'kill libvirtd of', async (paths) => {
    const pid = runningLibvirtdPid(paths, readProcesses(paths).libvirtdPid);
    if (pid === null) throw new Error(`The lab in ${paths.stateDir} has no running libvirtd to kill`);
    killLibvirtdProcess(pid);
  });
}

/**
 * Start the lab's libvirtd again (same config, same socket) after {@link killLibvirtd}, and make
 * sure the guest runs: re-adopted if it survived, started again if not. Returns the updated LabInfo.
 */
export async function startLibvirtd(lab: LabRef, options: { waitForGuestBanner?: boolean } = {}): Promise<LabInfo> {
  return withLab(stateDirOf(lab), 'start libvirtd of', async (paths) => {
    const info = requireInfo(paths);
    const recorded = readProcesses(paths);
    let pid = runningLibvirtdPid(paths, recorded.libvirtdPid);
    if (pid === null || !(await libvirtdAnswers(paths))) {
      const virtlogd = await ensureVirtlogd(paths, { pid: recorded.virtlogdPid, startedByLab: recorded.virtlogdStartedByLab });
      updateProcesses(paths, { virtlogdPid: virtlogd.pid, virtlogdStartedByLab: virtlogd.startedByLab });
      pid = await startLibvirtdProcess(paths);
      updateProcesses(paths, { libvirtdPid: pid });
    }
    // test:///default state died with the old daemon; hold the new one open again.
    await ensureKeeper(paths, pid);
    // A guest that did not survive is started again; objects a crash lost are recreated.
    await ensureQemuObjects(paths);
    await ensureGuestRunning(paths);
    if (options.waitForGuestBanner === true) await waitForGuestBanner(paths);
    const updated: LabInfo = { ...info, libvirtdPid: pid };
    writeLabJson(paths, updated);
    return updated;
  });
}

/** Stop the lab's sshd; by default its open sessions are killed too, so existing SSH connections drop. */
export async function stopSshd(lab: LabRef, options: { keepSessions?: boolean } = {}): Promise<void> {
  await withLab(stateDirOf(lab), 'stop sshd of', async (paths) => {
    const pid = runningSshdPid(paths, readProcesses(paths).sshdPid);
    if (pid !== null) await stopSshdProcess(pid, options);
  });
}

/** Start the lab's sshd again on the same port (URIs embed it); returns the updated LabInfo. */
export async function startSshd(lab: LabRef): Promise<LabInfo> {
  return withLab(stateDirOf(lab), 'start sshd of', async (paths) => {
    const info = requireInfo(paths);
    const running = runningSshdPid(paths, readProcesses(paths).sshdPid);
    if (running !== null && (await sshBannerOn(info.ssh.port))) return info;
    const started = await startSshdProcess(paths, info.ssh.port, { allowOtherPort: false });
    updateProcesses(paths, { sshdPid: started.pid, sshPort: started.port });
    const updated: LabInfo = { ...info, sshdPid: started.pid };
    writeLabJson(paths, updated);
    return updated;
  });
}
