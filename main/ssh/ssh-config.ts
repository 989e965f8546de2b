import { nodeSshConfigSystem } from './config/node-system';
import type { SshConfigFileRef, SshConfigSystem } from './config/reader';
import { resolveEffectiveConfig, SshConfigRefusal, type EffectiveSshConfig, type SshConfigRequest } from './config/resolve';
import { SshConfigError } from './errors';

export type { EffectiveSshConfig, SshConfigRequest, StrictHostKeyChecking } from './config/resolve';
export type { ExecSite, SshConfigFileRef, SshConfigSystem } from './config/reader';
export { nodeSshConfigSystem } from './config/node-system';

/** Where ssh_config is read from: OpenSSH's defaults, or one named file as `ssh -F FILE` reads it. */
export interface SshConfigFiles {
  /**
   * undefined: `~/.ssh/config` (owner and mode checked, missing is fine) then `/etc/ssh/ssh_config`, as
   * `ssh` does; a path: only that file, which must exist (as `ssh -F`); null: no configuration at all.
   */
  readonly sshConfigFile?: string | null;
}

/** The config files OpenSSH would read for these settings. */
export function sshConfigFileRefs(files: SshConfigFiles, homeDir: string): SshConfigFileRef[] {
  if (files.sshConfigFile === null) return [];
  if (files.sshConfigFile !== undefined) return [{ path: files.sshConfigFile, userConfig: true, required: true, checkPermissions: false }];
  return [
    { path: `${homeDir}/.ssh/config`, userConfig: true, required: false, checkPermissions: true },
    { path: '/etc/ssh/ssh_config', userConfig: false, required: false, checkPermissions: false },
  ];
}

/**
 * Resolves ssh_config for one host exactly as OpenSSH 9.2 does (`ssh -G`). A configuration OpenSSH
 * refuses is refused with SshConfigError naming each `file line N` and the problem.
 */
export function resolveSshConfig(request: SshConfigRequest, system: SshConfigSystem = nodeSshConfigSystem()): EffectiveSshConfig {
  try {
    return resolveEffectiveConfig(request, system);
  } catch (error) {
    if (error instanceof SshConfigRefusal) throw new SshConfigError(`ssh_config for ${request.host} refused: ${error.message}`, { cause: error });
    throw error;
  }
}
