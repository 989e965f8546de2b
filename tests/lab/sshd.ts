import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { run } from './exec';
import { exists, readTextOr, writeIfChanged } from './files';
import { freeLoopbackPort, listeningTcpPorts, sshBannerOn } from './net';
import type { LabPaths } from './paths';
import { descendantsOf, isAlive, readPidFile, readProc, spawnDaemon, terminate, waitUntil } from './processes';

/** Generate an ed25519 key pair unless it exists (keeping the host key stable across restarts). */
async function ensureKey(path: string, comment: string): Promise<void> {
  if (exists(path) && exists(`${path}.pub`)) return;
  await run('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path], { input: 'y\n' });
}

/** The host public key as "ssh-ed25519 AAAA…" (without the comment). */
export function hostPublicKey(paths: LabPaths): string {
  return readFileSync(`${paths.hostKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
}

/** Keys, authorized_keys, the client ssh_config and the `ssh` wrapper libvirt's `command=` points at. */
export async function prepareSshFiles(paths: LabPaths): Promise<void> {
  mkdirSync(paths.sshDir, { recursive: true, mode: 0o700 });
  chmodSync(paths.sshDir, 0o700);
  await ensureKey(paths.hostKey, 'virt-deck-lab-host');
  await ensureKey(paths.clientKey, 'virt-deck-lab-client');
  chmodSync(paths.hostKey, 0o600);
  chmodSync(paths.clientKey, 0o600);
  writeIfChanged(paths.authorizedKeys, readFileSync(`${paths.clientKey}.pub`, 'utf8'), 0o600);
  writeIfChanged(
    paths.sshConfig,
    [
      '# Virt Deck test lab: reach the lab sshd with its key; the host key must match known_hosts.',
      'Host *',
      '  User root',
      `  IdentityFile ${paths.clientKey}`,
      '  IdentitiesOnly yes',
      '  IdentityAgent none',
      `  UserKnownHostsFile ${paths.knownHosts}`,
      '  GlobalKnownHostsFile /dev/null',
      '  StrictHostKeyChecking yes',
      '  CheckHostIP no',
      '  UpdateHostKeys no',
      '  BatchMode yes',
      '  PasswordAuthentication no',
      '  KbdInteractiveAuthentication no',
      '  ConnectTimeout 10',
      '  LogLevel ERROR',
      '',
    ].join('\n'),
    0o600,
  );
  writeIfChanged(paths.sshWrapper, `#!/bin/sh\n# Virt Deck test lab: ssh with the lab's key and known_hosts (libvirt's command= for virsh).\nexec /usr/bin/ssh -F ${paths.sshConfig} "$@"\n`, 0o755);
}

/** sshd_config: loopback only, key-only root login, everything in the state dir. */
function writeSshdConfig(paths: LabPaths, port: number): void {
  writeIfChanged(
    paths.sshdConfig,
    [
      '# Virt Deck test lab sshd: loopback only, key-only root login.',
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      'AddressFamily inet',
      `HostKey ${paths.hostKey}`,
      `PidFile ${paths.sshdPid}`,
      `AuthorizedKeysFile ${paths.authorizedKeys}`,
      // The state dir lives in a world-readable checkout; the keys themselves are 0600.
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'AllowUsers root',
      'UsePAM no',
      'UseDNS no',
      'PermitUserEnvironment no',
      'X11Forwarding no',
      'PrintMotd no',
      'PrintLastLog no',
      // Tests forward VNC ports and may use stream-local forwarding to the libvirt socket.
      'AllowTcpForwarding yes',
      'AllowStreamLocalForwarding yes',
      // Parallel tests open many connections at once; the default (10:30:100) drops some at random.
      'MaxStartups 200',
      'MaxSessions 100',
      'LoginGraceTime 30',
      'Subsystem sftp internal-sftp',
      'LogLevel INFO',
      '',
    ].join('\n'),
    0o600,
  );
}

/** known_hosts with the lab's host key for `[127.0.0.1]:PORT`. */
function writeKnownHosts(paths: LabPaths, port: number): void {
  writeIfChanged(paths.knownHosts, `[127.0.0.1]:${port} ${hostPublicKey(paths)}\n`, 0o644);
}

/** Whether a process is this lab's sshd listener (sshd rewrites its title, so match within the text). */
function isOurSshd(pid: number, paths: LabPaths): boolean {
  const proc = readProc(pid);
  return proc !== null && isAlive(pid) && proc.argv.join(' ').includes(` ${paths.sshdConfig} `);
}

/** Pid of this lab's sshd listener, from its pid file or the recorded pid; null if none runs. */
export function runningSshdPid(paths: LabPaths, recorded: number | undefined): number | null {
  for (const pid of [recorded ?? null, readPidFile(paths.sshdPid)]) {
    if (pid !== null && isOurSshd(pid, paths)) return pid;
  }
  return null;
}

/** The port in the current sshd_config, if any. */
export function configuredSshPort(paths: LabPaths): number | null {
  const match = /^Port (\d+)$/m.exec(readTextOr(paths.sshdConfig, ''));
  return match?.[1] === undefined ? null : Number(match[1]);
}

/**
 * Start sshd on `preferredPort` (if free) or, when `allowOtherPort`, on a free loopback port; wait
 * for its banner. A port taken between choosing and binding is retried with another port.
 */
export async function startSshdProcess(paths: LabPaths, preferredPort: number | null, options: { allowOtherPort: boolean }): Promise<{ pid: number; port: number }> {
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // privilege-separation directory sshd insists on
  if (!options.allowOtherPort && (preferredPort === null || listeningTcpPorts().has(preferredPort))) {
    throw new Error(`Cannot restart the lab sshd on its port ${preferredPort ?? '(unknown)'}: the port is taken (URIs in lab.json embed it)`);
  }
  let lastError: Error | null = null;
  for (let attempt = 0; attempt < (options.allowOtherPort ? 3 : 1); attempt += 1) {
    const port = attempt === 0 && preferredPort !== null && !listeningTcpPorts().has(preferredPort) ? preferredPort : await freeLoopbackPort();
    writeSshdConfig(paths, port);
    writeKnownHosts(paths, port);
    await run('/usr/sbin/sshd', ['-t', '-f', paths.sshdConfig]);
    const daemon = spawnDaemon('/usr/sbin/sshd', ['-D', '-f', paths.sshdConfig, '-E', paths.sshdLog], paths.sshdLog);
    try {
      await waitUntil(() => sshBannerOn(port), {
        timeoutMs: 15_000,
        what: `sshd (pid ${daemon.pid}) answering on 127.0.0.1:${port}`,
        logFile: paths.sshdLog,
        failFast: daemon.exitReason,
      });
      return { pid: daemon.pid, port };
    } catch (error) {
      lastError = error as Error;
      await terminate([daemon.pid], 2_000);
      if (!/Address already in use/.test(readTextOr(paths.sshdLog, ''))) break;
    }
  }
  throw lastError ?? new Error('sshd did not start');
}

/** Stop the sshd listener, and (unless `keepSessions`) every session it forked, so open SSH connections drop. */
export async function stopSshdProcess(pid: number, options: { keepSessions?: boolean } = {}): Promise<void> {
  const sessions = options.keepSessions === true ? [] : descendantsOf(pid).map((proc) => proc.pid);
  await terminate([pid, ...sessions], 5_000);
}
