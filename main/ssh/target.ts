import { readdirSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { SshConfigError } from './errors';
import type { HostKeyPolicy } from './host-key-verifier';
import { expandPath, resolveSshConfig, type SshHostConfig } from './ssh-config';

/** What the caller knows about the SSH endpoint (usually from a libvirt URI). */
export interface SshEndpoint {
  /** Host as typed; may be an ssh_config alias. */
  readonly host: string;
  readonly port?: number;
  readonly user?: string;
  /** Explicit private key (URI `keyfile=`); tried before anything else. */
  readonly keyFile?: string;
  /** Explicit known_hosts file (URI `known_hosts=`); replaces the user's files. */
  readonly knownHostsFile?: string;
  /**
   * Accept a host with no key on record without recording it (URI `no_verify=1`). A key that
   * contradicts known_hosts is still refused. Dangerous; never a default.
   */
  readonly insecureAcceptUnknownHostKeys?: boolean;
}

/** Where the user's SSH setup lives; defaults to the real home folder and environment. */
export interface SshEnvironment {
  readonly homeDir?: string;
  readonly localUser?: string;
  /** ssh_config to honour; null to ignore any (tests). Default `~/.ssh/config`. */
  readonly sshConfigFile?: string | null;
  /** ssh-agent socket; null for none. Default `$SSH_AUTH_SOCK`. */
  readonly agentSocket?: string | null;
}

/** Fully resolved settings for one SSH connection: nothing left to look up. */
export interface SshTarget {
  /** Host name actually dialled (after ssh_config HostName). */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Name host keys are recorded under (HostKeyAlias, else `host`). */
  readonly hostKeyHost: string;
  /** Port for the known_hosts name: 22 with a HostKeyAlias, which OpenSSH looks up verbatim (no `[alias]:port`). */
  readonly hostKeyPort: number;
  /** Private keys to try, explicit ones first (paths already expanded). */
  readonly identityFiles: readonly string[];
  /** Whether `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa` are tried (only when no key was named, like OpenSSH). */
  readonly defaultIdentityFiles: readonly string[];
  readonly agentSocket: string | null;
  readonly hostKeyPolicy: HostKeyPolicy;
  /** From ssh_config ConnectTimeout / ServerAliveInterval / ServerAliveCountMax, when set. */
  readonly connectTimeoutMs?: number;
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
  /** ssh_config lines we could not honour, and what `no_verify=1` gives up (said when a host is added). */
  readonly warnings: readonly string[];
}

/** Combines an endpoint with the user's ssh_config and environment into a connectable target. */
export function resolveSshTarget(endpoint: SshEndpoint, env: SshEnvironment = {}): SshTarget {
  const homeDir = env.homeDir ?? homedir();
  const localUser = env.localUser ?? userInfo().username;
  const configFile = env.sshConfigFile === undefined ? `${homeDir}/.ssh/config` : env.sshConfigFile;
  const config: SshHostConfig = configFile
    ? resolveSshConfig(endpoint.host, configFile, fileSource(homeDir))
    : { identityFiles: [], warnings: [] };

  if (config.proxyJump && config.proxyJump.toLowerCase() !== 'none')
    throw new SshConfigError(`ssh_config sets ProxyJump ${config.proxyJump} for ${endpoint.host}: jump hosts are not supported yet`);
  if (config.proxyCommand && config.proxyCommand.toLowerCase() !== 'none')
    throw new SshConfigError(`ssh_config sets ProxyCommand for ${endpoint.host}: proxy commands are not supported yet`);

  const host = (config.hostName ?? endpoint.host).replace(/%h/g, endpoint.host);
  const port = endpoint.port ?? config.port ?? 22;
  const user = endpoint.user ?? config.user ?? localUser;
  const tokens = { host, originalHost: endpoint.host, port, user, localUser, homeDir };
  const expand = (p: string) => expandPath(p, tokens);

  const identityFiles = [...(endpoint.keyFile ? [expand(endpoint.keyFile)] : []), ...config.identityFiles.map(expand)];
  const defaultIdentityFiles = identityFiles.length ? [] : ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((n) => `${homeDir}/.ssh/${n}`);
  const agentFromConfig = config.identityAgent && config.identityAgent.toLowerCase() !== 'none' ? expand(config.identityAgent) : undefined;
  const agentDisabled = config.identityAgent?.toLowerCase() === 'none' || config.identitiesOnly === true;
  const agentSocket = agentDisabled ? null : agentFromConfig ?? (env.agentSocket === undefined ? process.env.SSH_AUTH_SOCK ?? null : env.agentSocket);

  return {
    host,
    port,
    user,
    hostKeyHost: config.hostKeyAlias ?? host,
    hostKeyPort: config.hostKeyAlias === undefined ? port : 22,
    identityFiles,
    defaultIdentityFiles,
    agentSocket: agentSocket || null,
    hostKeyPolicy: hostKeyPolicy(endpoint, config, expand),
    ...(config.connectTimeoutSeconds ? { connectTimeoutMs: config.connectTimeoutSeconds * 1000 } : {}),
    ...(config.serverAliveIntervalSeconds ? { keepaliveIntervalMs: config.serverAliveIntervalSeconds * 1000 } : {}),
    ...(config.serverAliveCountMax ? { keepaliveCountMax: config.serverAliveCountMax } : {}),
    warnings: [...config.warnings, ...(endpoint.insecureAcceptUnknownHostKeys ? [noVerifyWarning(host)] : [])],
  };
}

/** Said when a host is added (CLI stderr, the Hosts screen): what `no_verify=1` gives up. */
function noVerifyWarning(host: string): string {
  return (
    `no_verify=1: ${host} is accepted even when its host key is in no known_hosts file, so whoever answers first at that address ` +
    'is trusted (a key that contradicts known_hosts is still refused). Record the host key instead: connect once without no_verify and accept its fingerprint, ' +
    'or pass a known_hosts file that lists it.'
  );
}

function hostKeyPolicy(endpoint: SshEndpoint, config: SshHostConfig, expand: (p: string) => string): HostKeyPolicy {
  const userFiles = endpoint.knownHostsFile
    ? [expand(endpoint.knownHostsFile)]
    : (config.userKnownHostsFiles ?? ['~/.ssh/known_hosts', '~/.ssh/known_hosts2']).filter((f) => f.toLowerCase() !== 'none').map(expand);
  // The system-wide file only supplements the user's own files, never an explicit `known_hosts=`.
  const knownHostsFiles = endpoint.knownHostsFile ? userFiles : [...userFiles, '/etc/ssh/ssh_known_hosts'];
  // no_verify=1 still reads known_hosts: a key that contradicts it is refused, only unknown hosts pass.
  if (endpoint.insecureAcceptUnknownHostKeys) return { mode: 'insecureAcceptUnknown', knownHostsFiles };
  const strict = config.strictHostKeyChecking;
  // "no" would also accept changed keys in OpenSSH (with restrictions); we never do, so it means accept-new.
  const mode = strict === 'accept-new' || strict === 'no' ? 'accept-new' : 'strict';
  return { mode, knownHostsFiles };
}

function fileSource(homeDir: string) {
  return {
    homeDir,
    baseDir: `${homeDir}/.ssh`,
    readFile(path: string): string | null {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
    listDir(path: string): string[] {
      try {
        return readdirSync(path);
      } catch {
        return [];
      }
    },
  };
}
