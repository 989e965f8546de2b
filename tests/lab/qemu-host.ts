import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './exec';
import { exists, readDirOr, readTextOr, writeIfChanged } from './files';
import { guestDomainXml } from './guest-image';
import { qemuUnixUri } from './libvirtd';
import { BRIDGE_NAME, GUEST_BANNER, GUEST_NAME, LAB_PREFIX, type LabPaths, NETWORK_NAME, POOL_NAME, VOLUME_NAME } from './paths';
import { listProcesses, readPidFile, readProc, terminate, waitUntil, withLogTail } from './processes';
import type { LabQemuObjects } from './types';
import { labUuid } from './uuid';
import { nameLines, virshAt } from './virsh';

/** The lab guest's UUID (stable, so re-defining updates the same domain). */
export const GUEST_UUID = labUuid(GUEST_NAME);

const QEMU_LOG_DIR = '/var/log/libvirt/qemu';

/** Make sure the isolated network (bridge only, no IP, no DHCP) is defined and active; null + reason if bridges can't be made here. */
async function ensureNetwork(uri: string, paths: LabPaths): Promise<Pick<LabQemuObjects, 'network' | 'networkSkippedReason'>> {
  const xmlPath = join(paths.stateDir, 'network.xml');
  writeIfChanged(xmlPath, `<network>\n  <name>${NETWORK_NAME}</name>\n  <uuid>${labUuid(NETWORK_NAME)}</uuid>\n  <bridge name='${BRIDGE_NAME}' stp='off' delay='0'/>\n</network>\n`);
  if (!nameLines(await virshAt(uri, ['net-list', '--all', '--name'])).includes(NETWORK_NAME)) await virshAt(uri, ['net-define', xmlPath]);
  if (!nameLines(await virshAt(uri, ['net-list', '--name'])).includes(NETWORK_NAME)) {
    try {
      await virshAt(uri, ['net-start', NETWORK_NAME]);
    } catch (error) {
      await virshAt(uri, ['net-undefine', NETWORK_NAME]).catch(() => undefined);
      return { network: null, networkSkippedReason: `bridge networks cannot be created here: ${(error as Error).message}` };
    }
  }
  return { network: { name: NETWORK_NAME, bridge: BRIDGE_NAME } };
}

/** Make sure the dir pool (target in the state dir) is active and holds the small qcow2 volume. */
async function ensurePool(uri: string, paths: LabPaths): Promise<LabQemuObjects['pool']> {
  mkdirSync(paths.poolDir, { recursive: true, mode: 0o755 });
  const xmlPath = join(paths.stateDir, 'pool.xml');
  writeIfChanged(xmlPath, `<pool type='dir'>\n  <name>${POOL_NAME}</name>\n  <uuid>${labUuid(POOL_NAME)}</uuid>\n  <target><path>${paths.poolDir}</path></target>\n</pool>\n`);
  if (!nameLines(await virshAt(uri, ['pool-list', '--all', '--name'])).includes(POOL_NAME)) await virshAt(uri, ['pool-define', xmlPath]);
  if (!nameLines(await virshAt(uri, ['pool-list', '--name'])).includes(POOL_NAME)) await virshAt(uri, ['pool-start', POOL_NAME]);
  else await virshAt(uri, ['pool-refresh', POOL_NAME]);
  try {
    await virshAt(uri, ['vol-info', '--pool', POOL_NAME, VOLUME_NAME]);
  } catch {
    await virshAt(uri, ['vol-create-as', POOL_NAME, VOLUME_NAME, '16M', '--format', 'qcow2']);
  }
  return { name: POOL_NAME, path: paths.poolDir, volume: { name: VOLUME_NAME, path: join(paths.poolDir, VOLUME_NAME) } };
}

/** Network and pool on the QEMU host. */
export async function ensureQemuObjects(paths: LabPaths): Promise<LabQemuObjects> {
  const uri = qemuUnixUri(paths);
  const [network, pool] = await Promise.all([ensureNetwork(uri, paths), ensurePool(uri, paths)]);
  return { pool, ...network };
}

/** What is missing of the pool and network `up` keeps on the QEMU host ('' if nothing). Tests or a daemon crash may remove them. */
export async function missingQemuObjects(paths: LabPaths, expectNetwork: boolean): Promise<string> {
  const uri = qemuUnixUri(paths);
  const [pools, nets] = await Promise.all([virshAt(uri, ['pool-list', '--name'], 5_000), expectNetwork ? virshAt(uri, ['net-list', '--name'], 5_000) : '']);
  const missing = [nameLines(pools).includes(POOL_NAME) ? '' : `pool ${POOL_NAME}`, !expectNetwork || nameLines(nets).includes(NETWORK_NAME) ? '' : `network ${NETWORK_NAME}`];
  return missing.filter((part) => part !== '').join(', ');
}

/** State of the lab guest as virsh prints it ("running", "shut off", …), or null if it is not defined. */
export async function guestState(paths: LabPaths, timeoutMs = 10_000): Promise<string | null> {
  try {
    return await virshAt(qemuUnixUri(paths), ['domstate', GUEST_NAME], timeoutMs);
  } catch {
    return null;
  }
}

/**
 * Make sure the guest is defined from the current XML and running. A guest that survived a
 * libvirtd restart is simply re-adopted by the daemon and left as it is.
 */
export async function ensureGuestRunning(paths: LabPaths): Promise<void> {
  const uri = qemuUnixUri(paths);
  const state = await guestState(paths);
  if (state === 'running') return;
  if (state === 'paused') {
    await virshAt(uri, ['resume', GUEST_NAME]);
    return;
  }
  if (state !== null && state !== 'shut off') await virshAt(uri, ['destroy', GUEST_NAME]).catch(() => undefined);
  const xmlPath = join(paths.guestDir, 'domain.xml');
  writeIfChanged(xmlPath, guestDomainXml(paths, GUEST_UUID));
  await virshAt(uri, ['define', xmlPath]);
  await virshAt(uri, ['start', GUEST_NAME], 60_000);
}

/** Wait until the guest's banner is in its serial console log. */
export async function waitForGuestBanner(paths: LabPaths, timeoutMs = 120_000): Promise<void> {
  try {
    await waitUntil(() => readTextOr(paths.consoleLog, '').includes(GUEST_BANNER), {
      timeoutMs,
      intervalMs: 100,
      what: `lab guest ${GUEST_NAME} printing "${GUEST_BANNER}" to its serial console`,
      logFile: paths.consoleLog,
    });
  } catch (error) {
    throw new Error(withLogTail((error as Error).message, join(QEMU_LOG_DIR, `${GUEST_NAME}.log`)), { cause: error });
  }
}

/** Pids of the QEMU processes libvirt records in /run/libvirt/qemu (every guest of the machine's one lab daemon). */
function recordedQemuPids(): number[] {
  const names = readDirOr('/run/libvirt/qemu').filter((name) => name.endsWith('.pid'));
  return names.map((name) => readPidFile(join('/run/libvirt/qemu', name))).filter((pid): pid is number => pid !== null);
}

/**
 * Through the live daemon: stop every running QEMU guest (all belong to the lab: it is the machine's
 * only libvirt daemon) and remove every `vd-lab-*` domain, network and pool definition.
 * Returns the QEMU pids seen, so the caller can make sure they are gone.
 */
export async function removeQemuObjects(paths: LabPaths): Promise<number[]> {
  const uri = qemuUnixUri(paths);
  const pids = recordedQemuPids();
  const ignore = (): undefined => undefined;
  for (const name of nameLines(await virshAt(uri, ['list', '--name']))) await virshAt(uri, ['destroy', name], 60_000).catch(ignore);
  for (const name of nameLines(await virshAt(uri, ['list', '--all', '--name'])).filter((n) => n.startsWith(LAB_PREFIX))) {
    await virshAt(uri, ['undefine', name, '--managed-save', '--snapshots-metadata', '--checkpoints-metadata']).catch(ignore);
  }
  for (const name of nameLines(await virshAt(uri, ['net-list', '--all', '--name'])).filter((n) => n.startsWith(LAB_PREFIX))) {
    await virshAt(uri, ['net-destroy', name]).catch(ignore);
    await virshAt(uri, ['net-undefine', name]).catch(ignore);
  }
  for (const name of nameLines(await virshAt(uri, ['pool-list', '--all', '--name'])).filter((n) => n.startsWith(LAB_PREFIX))) {
    await virshAt(uri, ['pool-destroy', name]).catch(ignore);
    await virshAt(uri, ['pool-undefine', name]).catch(ignore);
  }
  return pids;
}

/** Remove directory entries whose names start with the lab prefix (or contain `-vd-lab-`, as libvirt's per-domain dirs do). */
function removeLabEntries(dir: string): void {
  for (const name of readDirOr(dir)) {
    if (name.startsWith(LAB_PREFIX) || name.includes(`-${LAB_PREFIX}`)) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/**
 * With no libvirt daemon running: kill leftover lab QEMU processes and delete `vd-lab-*` state and
 * definitions from libvirt's system-wide directories, plus the lab bridge. This is what makes
 * `down` work on a lab whose libvirtd was killed.
 */
export async function sweepQemuLeftovers(knownPids: readonly number[]): Promise<void> {
  const isQemu = (pid: number): boolean => readProc(pid)?.comm.startsWith('qemu-system') === true;
  const labQemu = listProcesses()
    .filter((proc) => proc.comm.startsWith('qemu-system') && proc.argv.join(' ').includes(`guest=${LAB_PREFIX}`))
    .map((proc) => proc.pid);
  // Pid files may be stale and the pid reused: only QEMU processes are killed.
  await terminate([...new Set([...knownPids, ...recordedQemuPids(), ...labQemu])].filter(isQemu), 5_000);
  for (const dir of [
    '/etc/libvirt/qemu',
    '/etc/libvirt/qemu/autostart',
    '/etc/libvirt/qemu/networks',
    '/etc/libvirt/qemu/networks/autostart',
    '/etc/libvirt/storage',
    '/etc/libvirt/storage/autostart',
    '/run/libvirt/qemu',
    '/run/libvirt/network',
    '/run/libvirt/storage',
    '/var/lib/libvirt/qemu',
    '/var/lib/libvirt/qemu/channel/target',
    QEMU_LOG_DIR,
  ]) {
    removeLabEntries(dir);
  }
  if (exists(`/sys/class/net/${BRIDGE_NAME}`)) await run('/sbin/ip', ['link', 'delete', BRIDGE_NAME]);
}
