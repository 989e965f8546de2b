import { readLabJson, type LabProcesses, readProcesses } from './lab-state';
import { libvirtdAnswers, runningLibvirtdPid } from './libvirtd';
import { sshBannerOn } from './net';
import { type LabPaths, resolveStateDir } from './paths';
import { guestState, missingQemuObjects } from './qemu-host';
import { configuredSshPort, runningSshdPid } from './sshd';
import { keeperHealthy, runningKeeperPids } from './test-default-keeper';
import type { LabInfo } from './types';
import { runningVirtlogdPid } from './virtlogd';

/** Health of one part of the lab. */
export interface ComponentStatus {
  readonly pid: number | null;
  readonly ok: boolean;
  readonly detail: string;
}

/** What `status` reports. */
export interface LabStatus {
  readonly stateDir: string;
  readonly state: 'up' | 'down' | 'partial';
  readonly components: {
    readonly libvirtd: ComponentStatus;
    readonly sshd: ComponentStatus;
    readonly virtlogd: ComponentStatus;
    readonly guest: ComponentStatus;
    /** The pool and network on the QEMU host. */
    readonly objects: ComponentStatus;
    /** The virsh holding test:///default open so its state persists. */
    readonly testDefault: ComponentStatus;
  };
  /** lab.json, when it exists and parses. */
  readonly info: LabInfo | null;
  readonly problem?: string;
}

/** Health of each component, given what lab.json and processes.json say. */
async function inspect(paths: LabPaths, info: LabInfo | null, recorded: LabProcesses): Promise<LabStatus['components']> {
  const libvirtdPid = runningLibvirtdPid(paths, recorded.libvirtdPid);
  const answers = libvirtdPid !== null && (await libvirtdAnswers(paths, 5_000));
  const sshdPid = runningSshdPid(paths, recorded.sshdPid);
  const port = info?.ssh.port ?? recorded.sshPort ?? configuredSshPort(paths);
  const sshOk = sshdPid !== null && port !== null && (await sshBannerOn(port));
  const virtlogdPid = runningVirtlogdPid();
  const [guest, missing] = answers
    ? await Promise.all([guestState(paths, 5_000), missingQemuObjects(paths, info?.qemu.network !== null).catch((error: unknown) => (error as Error).message)])
    : [null, 'unknown (libvirtd down)'];
  const keeperOk = keeperHealthy(paths, libvirtdPid, recorded);
  const keeperPid = runningKeeperPids(paths)[0] ?? null;
  return {
    libvirtd: { pid: libvirtdPid, ok: answers, detail: libvirtdPid === null ? 'not running' : answers ? `answering on ${paths.libvirtSocket}` : 'running but not answering' },
    sshd: { pid: sshdPid, ok: sshOk, detail: sshdPid === null ? 'not running' : sshOk ? `listening on 127.0.0.1:${port}` : 'running but not answering' },
    virtlogd: { pid: virtlogdPid, ok: virtlogdPid !== null, detail: virtlogdPid === null ? 'not running' : recorded.virtlogdStartedByLab === true && recorded.virtlogdPid === virtlogdPid ? 'started by the lab' : 'system-wide (not started by the lab)' },
    guest: { pid: null, ok: guest === 'running', detail: guest === null ? (answers ? 'not defined' : 'unknown (libvirtd down)') : guest },
    objects: { pid: null, ok: missing === '', detail: missing === '' ? 'storage pool and network active' : `missing: ${missing}` },
    testDefault: { pid: keeperPid, ok: keeperOk, detail: keeperOk ? 'state kept (a virsh holds test:///default open)' : keeperPid === null ? 'no connection holds test:///default open' : 'holder belongs to an earlier libvirtd' },
  };
}

/** Status of the lab in a state directory (never throws for a broken lab: it reports it). */
export async function labStatus(stateDir?: string): Promise<LabStatus> {
  const paths = resolveStateDir(stateDir);
  let info: LabInfo | null = null;
  let problem: string | undefined;
  try {
    info = readLabJson(paths);
  } catch (error) {
    problem = (error as Error).message;
  }
  const recorded = readProcesses(paths);
  const components = await inspect(paths, info, recorded);
  const lab = [components.libvirtd, components.sshd, components.guest, components.objects, components.testDefault];
  const state = info !== null && lab.every((part) => part.ok) && components.virtlogd.ok ? 'up' : lab.every((part) => part.pid === null && !part.ok) ? 'down' : 'partial';
  return { stateDir: paths.stateDir, state, components, info, ...(problem === undefined ? {} : { problem }) };
}

/** The running lab's LabInfo if it is up and healthy (daemon answering, sshd listening, guest running), else null. */
export async function readRunningLab(stateDir?: string): Promise<LabInfo | null> {
  const status = await labStatus(stateDir);
  if (status.state !== 'up' || status.info === null) return null;
  const { libvirtd, sshd } = status.components;
  // A libvirtd or sshd restarted through the fault controls has a new pid: report the live ones.
  return { ...status.info, libvirtdPid: libvirtd.pid ?? status.info.libvirtdPid, sshdPid: sshd.pid ?? status.info.sshdPid };
}

