import { SshConfigError } from './errors';
import type { HostKeyPolicy } from './host-key-verifier';
import { judgeConfig } from './config/policy';
import { expandTilde } from './config/tokens';
import { nodeSshConfigSystem, resolveSshConfig, sshConfigFileRefs, type EffectiveSshConfig, type SshConfigFiles } from './ssh-config';

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
export interface SshEnvironment extends SshConfigFiles {
  readonly homeDir?: string;
  readonly localUser?: string;
  /** ssh-agent socket; null for none. Default `$SSH_AUTH_SOCK`. */
  readonly agentSocket?: string | null;
}

/** Fully resolved settings for one SSH connection: nothing left to look up. */
export interface SshTarget {
  /** Host name actually dialled (after ssh_config HostName, lowercased as OpenSSH does). */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Name host keys are recorded under (HostKeyAlias, else `host`). */
  readonly hostKeyHost: string;
  /** Port for the known_hosts name: 22 with a HostKeyAlias, which OpenSSH looks up verbatim (no `[alias]:port`). */
  readonly hostKeyPort: number;
  /** Private keys to try, explicit ones first (paths already expanded). */
  readonly identityFiles: readonly string[];
  /** OpenSSH's default keys (`id_rsa`, `id_ecdsa`, `id_ed25519`), only when no key was named. */
  readonly defaultIdentityFiles: readonly string[];
  readonly agentSocket: string | null;
  readonly hostKeyPolicy: HostKeyPolicy;
  /** Whether an unknown key may be put to the user during the connect (not with `StrictHostKeyChecking yes`). */
  readonly askUnknownHostKey: boolean;
  /** From ssh_config ConnectTimeout / ServerAliveInterval / ServerAliveCountMax, when set. */
  readonly connectTimeoutMs?: number;
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
  /** ssh_config settings we ignore, each with `file line N` and why, and what `no_verify=1` gives up (shown when a host is added or connects). */
  readonly warnings: readonly string[];
}

/** Default keys Virt Deck can use, in OpenSSH's order (security-key, XMSS and DSA keys are left out). */
const USABLE_DEFAULT_KEYS = new Set(['~/.ssh/id_rsa', '~/.ssh/id_ecdsa', '~/.ssh/id_ed25519']);

/** Combines an endpoint with the user's ssh_config and environment into a connectable target. */
export function resolveSshTarget(endpoint: SshEndpoint, env: SshEnvironment = {}): SshTarget {
  const system = nodeSshConfigSystem({
    ...(env.homeDir === undefined ? {} : { homeDir: env.homeDir }),
    ...(env.localUser === undefined ? {} : { localUser: env.localUser }),
  });
  const config = resolveSshConfig(
    {
      host: endpoint.host,
      ...(endpoint.user === undefined ? {} : { user: endpoint.user }),
      ...(endpoint.port === undefined ? {} : { port: endpoint.port }),
      files: sshConfigFileRefs(env, system.homeDir),
    },
    system,
  );
  const verdict = judgeConfig(config);
  if (verdict.refusals.length > 0) throw new SshConfigError(`ssh_config for ${endpoint.host}: ${verdict.refusals.join('; ')}`);

  const home = (path: string) => expandTilde(path, system.homeDir, (name) => system.userHome(name)) ?? path;
  const explicit = endpoint.keyFile === undefined ? [] : [home(endpoint.keyFile)];
  const configured = config.identityFilesDefault ? [] : config.identityFilesExpanded;
  const identityFiles = [...new Set([...explicit, ...configured])];
  // OpenSSH adds its default keys only when no key is named anywhere (`-i` counts, so keyfile= does too).
  const useDefaults = config.identityFilesDefault && explicit.length === 0;
  const defaultIdentityFiles = useDefaults ? config.identityFiles.filter((f) => USABLE_DEFAULT_KEYS.has(f)).map(home) : [];

  return {
    host: config.hostName,
    port: config.port,
    user: config.user,
    hostKeyHost: config.hostKeyAlias ?? config.hostName,
    hostKeyPort: config.hostKeyAlias === null ? config.port : 22,
    identityFiles,
    defaultIdentityFiles,
    agentSocket: agentSocket(config, env),
    hostKeyPolicy: hostKeyPolicy(endpoint, config, home),
    askUnknownHostKey: config.strictHostKeyChecking !== 'yes',
    ...(config.connectTimeout ? { connectTimeoutMs: config.connectTimeout * 1000 } : {}),
    ...(config.serverAliveInterval ? { keepaliveIntervalMs: config.serverAliveInterval * 1000 } : {}),
    // ServerAliveCountMax 0 would declare the connection dead at the first keepalive; keep it as written only when positive.
    ...(config.serverAliveCountMax ? { keepaliveCountMax: config.serverAliveCountMax } : {}),
    warnings: [...verdict.warnings, ...(endpoint.insecureAcceptUnknownHostKeys ? [noVerifyWarning(config.hostName)] : [])],
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

/** IdentityAgent: `none`, `SSH_AUTH_SOCK` (the variable), `$VAR`, or a socket path (already expanded). */
function agentSocket(config: EffectiveSshConfig, env: SshEnvironment): string | null {
  // IdentitiesOnly: OpenSSH still asks the agent, but only for the named keys; we simply skip it.
  if (config.identitiesOnly) return null;
  const fromEnvironment = env.agentSocket === undefined ? (process.env['SSH_AUTH_SOCK'] ?? null) : env.agentSocket;
  const agent = config.identityAgent;
  if (agent === null || agent === 'SSH_AUTH_SOCK') return fromEnvironment || null;
  if (agent.toLowerCase() === 'none') return null;
  if (agent.startsWith('$')) return process.env[agent.slice(1)] || null;
  return agent;
}

function hostKeyPolicy(endpoint: SshEndpoint, config: EffectiveSshConfig, home: (path: string) => string): HostKeyPolicy {
  // An explicit `known_hosts=` is the only file searched; otherwise the user's files, then the global ones (tilde-expanded at use, as ssh does).
  const explicit = endpoint.knownHostsFile === undefined ? null : home(endpoint.knownHostsFile);
  const knownHostsFiles = explicit !== null ? [explicit] : [...config.userKnownHostsFiles, ...config.globalKnownHostsFiles.map(home)];
  // Keys are recorded where OpenSSH records them: the first user file, never a global one (UserKnownHostsFile none: nowhere).
  const recordIn = explicit ?? config.userKnownHostsFiles[0] ?? null;
  const hashNames = config.otherSettings.get('hashknownhosts')?.value === 'yes';
  // no_verify=1 still reads known_hosts: a key that contradicts it is refused, only unknown hosts pass.
  if (endpoint.insecureAcceptUnknownHostKeys) return { mode: 'insecureAcceptUnknown', knownHostsFiles, recordIn, hashNames };
  // "no"/"off" would also accept changed keys in OpenSSH (with restrictions); we never do, so it means accept-new.
  const mode = config.strictHostKeyChecking === 'accept-new' || config.strictHostKeyChecking === 'off' ? 'accept-new' : 'strict';
  return { mode, knownHostsFiles, recordIn, hashNames };
}
