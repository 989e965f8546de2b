import { accessSync, chmodSync, constants, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensureBootImage } from './boot-image';
import { prepareGuestImage } from './guest-image';
import { describeHosts } from './hosts';
import { type LabOwner, type LabProcesses, readProcesses, updateProcesses, writeLabJson } from './lab-state';
import { foreignLibvirtDaemons, libvirtdAnswers, runningLibvirtdPid, startLibvirtdProcess, stopLibvirtdProcess, writeLibvirtdConfig } from './libvirtd';
import { otherLiveLeases } from './leases';
import { withLabLock } from './lock';
import { sshBannerOn } from './net';
import { GUEST_BANNER, GUEST_NAME, type LabPaths, resolveStateDir } from './paths';
import { checkPrerequisites } from './prerequisites';
import { terminate } from './processes';
import { ensureGuestRunning, ensureQemuObjects, GUEST_UUID, removeQemuObjects, sweepQemuLeftovers, waitForGuestBanner } from './qemu-host';
import { configuredSshPort, hostPublicKey, prepareSshFiles, runningSshdPid, startSshdProcess, stopSshdProcess } from './sshd';
import { readRunningLab } from './status';
import { ensureKeeper, stopKeepers } from './test-default-keeper';
import { writeTestHostFiles } from './test-hosts';
import type { LabBootImage, LabInfo } from './types';
import { ensureVirtlogd, stopVirtlogdIfOurs, type VirtlogdState } from './virtlogd';

/** Options of {@link upLab}. */
export interface UpOptions {
  readonly stateDir?: string;
  /** `cli` labs are never stopped by a test run's teardown. Default `fixture`. */
  readonly owner?: LabOwner;
  /** Wait until the guest printed its banner (default true); the guest is running either way. */
  readonly waitForGuestBanner?: boolean;
}

/** Result of {@link upLab}. */
export interface UpResult {
  readonly info: LabInfo;
  /** False when a healthy lab was already up and was returned as it is. */
  readonly startedNow: boolean;
}

/**
 * Create the state directory, traversable by libvirt-qemu: QEMU runs as that user and opens the
 * kernel, initrd and pool files inside it.
 */
function prepareStateDir(paths: LabPaths): void {
  mkdirSync(paths.stateDir, { recursive: true, mode: 0o755 });
  chmodSync(paths.stateDir, 0o755);
  for (let dir = dirname(paths.stateDir); dir !== dirname(dir); dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(`${dir} is not traversable by others (mode ${(statSync(dir).mode & 0o777).toString(8)}): QEMU runs as libvirt-qemu and must reach ${paths.stateDir}. Use chmod o+x ${dir} or another VIRT_DECK_LAB_DIR.`);
    }
  }
  accessSync(paths.stateDir, constants.W_OK);
}

/** libvirtd: reuse this lab's if it answers, else (re)start it. */
async function ensureLibvirtd(paths: LabPaths, recorded: LabProcesses): Promise<number> {
  const running = runningLibvirtdPid(paths, recorded.libvirtdPid);
  if (running !== null && (await libvirtdAnswers(paths))) return running;
  if (running !== null) await terminate([running], 5_000); // hung: replace it
  const pid = await startLibvirtdProcess(paths);
  updateProcesses(paths, { libvirtdPid: pid });
  return pid;
}

/** sshd: reuse this lab's if it answers on its port, else (re)start it, on the same port when possible. */
async function ensureSshd(paths: LabPaths, recorded: LabProcesses): Promise<{ pid: number; port: number }> {
  const running = runningSshdPid(paths, recorded.sshdPid);
  const port = configuredSshPort(paths);
  if (running !== null && port !== null && (await sshBannerOn(port))) return { pid: running, port };
  if (running !== null) await terminate([running], 5_000);
  const started = await startSshdProcess(paths, recorded.sshPort ?? port, { allowOtherPort: true });
  updateProcesses(paths, { sshdPid: started.pid, sshPort: started.port });
  return started;
}

/** Build and write lab.json from what runs now. */
async function describeLab(
  paths: LabPaths,
  parts: { libvirtdPid: number; sshd: { pid: number; port: number }; virtlogd: { pid: number; startedByLab: boolean }; qemu: LabInfo['qemu']; bootImage: LabBootImage },
): Promise<LabInfo> {
  const info: LabInfo = {
    stateDir: paths.stateDir,
    libvirtSocket: paths.libvirtSocket,
    libvirtdPid: parts.libvirtdPid,
    sshdPid: parts.sshd.pid,
    virtlogd: parts.virtlogd,
    hosts: await describeHosts(paths, parts.sshd.port, parts.qemu),
    ssh: {
      host: '127.0.0.1',
      port: parts.sshd.port,
      user: 'root',
      privateKeyPath: paths.clientKey,
      knownHostsPath: paths.knownHosts,
      hostPublicKey: hostPublicKey(paths),
      configPath: paths.sshConfig,
      commandPath: paths.sshWrapper,
    },
    guest: { name: GUEST_NAME, host: 'qemu', uuid: GUEST_UUID, consoleLogPath: paths.consoleLog, banner: GUEST_BANNER },
    qemu: parts.qemu,
    bootImage: parts.bootImage,
    logs: { libvirtd: paths.libvirtdLog, sshd: paths.sshdLog, virtlogd: paths.virtlogdLog },
    upAt: new Date().toISOString(),
  };
  writeLabJson(paths, info);
  return info;
}

/**
 * A running lab's info with the boot image as it is now: a lab brought up before the image existed,
 * or whose kernel or image code changed since, gets it (re)built and lab.json rewritten, without a restart.
 */
async function withCurrentBootImage(paths: LabPaths, info: LabInfo): Promise<LabInfo> {
  const bootImage = await ensureBootImage(paths);
  if (JSON.stringify(bootImage) === JSON.stringify((info as Partial<LabInfo>).bootImage)) return info;
  const updated: LabInfo = { ...info, bootImage };
  writeLabJson(paths, updated);
  return updated;
}

/** Wait for every task (so each records its pid even if another fails), then return all values or the first error. */
async function settleAll<T extends readonly unknown[]>(tasks: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  await Promise.allSettled(tasks);
  return Promise.all(tasks) as Promise<T>;
}

/** Bring every part up (each step reuses what already runs). Caller holds the lock. */
async function upLocked(paths: LabPaths, options: UpOptions): Promise<UpResult> {
  const healthy = await readRunningLab(paths.stateDir);
  const recorded = readProcesses(paths);
  if (healthy !== null) {
    if (options.owner === 'cli') updateProcesses(paths, { owner: 'cli' });
    return { info: await withCurrentBootImage(paths, healthy), startedNow: false };
  }
  updateProcesses(paths, { owner: options.owner === 'cli' || recorded.owner === 'cli' ? 'cli' : 'fixture' });
  prepareGuestImage(paths);
  writeTestHostFiles(paths);
  writeLibvirtdConfig(paths);
  await prepareSshFiles(paths);

  const [virtlogd, libvirtdPid, sshd, bootImage] = await settleAll<[VirtlogdState, number, { pid: number; port: number }, LabBootImage]>([
    ensureVirtlogd(paths, { pid: recorded.virtlogdPid, startedByLab: recorded.virtlogdStartedByLab }).then((state) => {
      updateProcesses(paths, { virtlogdPid: state.pid, virtlogdStartedByLab: state.startedByLab });
      return state;
    }),
    ensureLibvirtd(paths, recorded).then(async (pid) => {
      await ensureKeeper(paths, pid);
      return pid;
    }),
    ensureSshd(paths, recorded),
    ensureBootImage(paths),
  ]);
  const qemu = await ensureQemuObjects(paths);
  await ensureGuestRunning(paths);
  const [info] = await settleAll<[LabInfo, void]>([
    describeLab(paths, { libvirtdPid, sshd, virtlogd, qemu, bootImage }),
    options.waitForGuestBanner === false ? Promise.resolve() : waitForGuestBanner(paths),
  ]);
  return { info, startedNow: true };
}

/**
 * Bring the lab up, or return it if it is already up. A partly running lab is completed; if
 * anything fails, what this call started is torn down again and the error names what did not come up.
 */
export async function upLab(options: UpOptions = {}): Promise<UpResult> {
  const paths = resolveStateDir(options.stateDir);
  checkPrerequisites();
  prepareStateDir(paths);
  return withLabLock(paths.lockDir, 'bring up', async () => {
    try {
      return await upLocked(paths, options);
    } catch (error) {
      const cleanup = await downLocked(paths).then(
        () => '',
        (downError: unknown) => `\n(and tearing the partial lab down failed too: ${(downError as Error).message})`,
      );
      throw new Error(`Lab did not come up: ${(error as Error).message}${cleanup}`, { cause: error });
    }
  });
}

/** Tear down what exists, caller holding the lock; every step runs even if some fail, all failures are reported at the end. */
export async function downLocked(paths: LabPaths): Promise<void> {
  const recorded = readProcesses(paths);
  const failures: string[] = [];
  const step = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
    } catch (error) {
      failures.push(`${what}: ${(error as Error).message}`);
    }
  };
  const sshdPid = runningSshdPid(paths, recorded.sshdPid);
  if (sshdPid !== null) await step('stopping sshd', () => stopSshdProcess(sshdPid));
  await step('stopping the test:///default holder', () => stopKeepers(paths));
  const libvirtdPid = runningLibvirtdPid(paths, recorded.libvirtdPid);
  let qemuPids: number[] = [];
  if (libvirtdPid !== null) {
    if (await libvirtdAnswers(paths, 10_000)) {
      await step('removing the QEMU host objects', async () => {
        qemuPids = await removeQemuObjects(paths);
      });
    }
    await step('stopping libvirtd', () => stopLibvirtdProcess(libvirtdPid));
  }
  // The sweep edits libvirt's system-wide state: only safe with no libvirt daemon that could own it.
  if (foreignLibvirtDaemons(paths).length === 0) await step('sweeping QEMU leftovers', () => sweepQemuLeftovers(qemuPids));
  else failures.push('another libvirt daemon is running: vd-lab-* leftovers (if any) were not swept');
  await step('stopping virtlogd', () => stopVirtlogdIfOurs({ pid: recorded.virtlogdPid, startedByLab: recorded.virtlogdStartedByLab }));
  for (const file of [paths.labJson, paths.processesJson, paths.libvirtdPid, paths.sshdPid, paths.leasesDir, paths.runDir]) {
    rmSync(file, { recursive: true, force: true });
  }
  if (failures.length > 0) throw new Error(`Lab teardown incomplete:\n  - ${failures.join('\n  - ')}`);
}

/**
 * Tear the lab down: guests, definitions, daemons (virtlogd only if the lab started it). Refuses
 * while test runs hold leases on it, unless `force`. `purge` also deletes the state dir.
 */
export async function downLab(options: { stateDir?: string; purge?: boolean; force?: boolean } = {}): Promise<void> {
  const paths = resolveStateDir(options.stateDir);
  if (statSync(paths.stateDir, { throwIfNoEntry: false }) === undefined) return;
  await withLabLock(paths.lockDir, 'tear down', async () => {
    const users = otherLiveLeases(paths);
    if (users.length > 0 && options.force !== true) {
      throw new Error(
        `The lab is in use by test run(s) (pid ${users.join(', ')}); a run that started it stops it when it ends. Use --force to tear it down anyway.`,
      );
    }
    await downLocked(paths);
  });
  if (options.purge === true) rmSync(paths.stateDir, { recursive: true, force: true });
}

/** Run `fn` under the lab lock with the lab's paths (for the fault controls and the test-run owner logic). */
export function withLab<T>(stateDir: string | undefined, operation: string, fn: (paths: LabPaths) => Promise<T>): Promise<T> {
  const paths = resolveStateDir(stateDir);
  return withLabLock(paths.lockDir, operation, () => fn(paths));
}
