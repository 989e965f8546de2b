import { createHash } from 'node:crypto';
import { finalHostName, isAddress } from './address';
import { SshOptions } from './options';
import { POLICY_KEYWORDS } from './policy';
import { FatalConfigError, readTopFile, type ExecSite, type PassState, type SshConfigFileRef, type SshConfigSystem } from './reader';
import { expandTilde, expandTokens } from './tokens';

/** What to resolve: the host as typed and what the command line (for Virt Deck: the URI) fixes. */
export interface SshConfigRequest {
  readonly host: string;
  /** User from the URI: wins over `User`, and is the user `Match user` sees. */
  readonly user?: string;
  /** Port from the URI: wins over `Port`. */
  readonly port?: number;
  /** Files in the order OpenSSH reads them (user file, then system file). */
  readonly files: readonly SshConfigFileRef[];
}

/** `StrictHostKeyChecking` as OpenSSH means it (`no` and `off` are the same). */
export type StrictHostKeyChecking = 'yes' | 'off' | 'ask' | 'accept-new';

/** The effective client configuration for one host, as `ssh -G` would print it, plus what we noticed. */
export interface EffectiveSshConfig {
  /** The host as typed (`host`). */
  readonly host: string;
  /** The host dialled (`hostname`): HostName with `%h` expanded, lowercased, numeric addresses canonical. */
  readonly hostName: string;
  readonly user: string;
  readonly port: number;
  /** IdentityFile values as written, duplicates dropped; OpenSSH's default list when none (`identityfile`). */
  readonly identityFiles: readonly string[];
  /** The same with `~`, `%` tokens and `${VAR}` expanded, `none` removed: the keys ssh would try. */
  readonly identityFilesExpanded: readonly string[];
  /** Whether the list is OpenSSH's default (no IdentityFile anywhere). */
  readonly identityFilesDefault: boolean;
  readonly certificateFiles: readonly string[];
  readonly identitiesOnly: boolean;
  /** IdentityAgent expanded; null when not set (`none` and `SSH_AUTH_SOCK` are kept as words). */
  readonly identityAgent: string | null;
  /** Expanded; empty for `none`. */
  readonly userKnownHostsFiles: readonly string[];
  /** As written (OpenSSH 9.2 expands nothing here); empty for `none`. */
  readonly globalKnownHostsFiles: readonly string[];
  readonly strictHostKeyChecking: StrictHostKeyChecking;
  /** Lowercased; null when not set. */
  readonly hostKeyAlias: string | null;
  /** null when unset or `none`. */
  readonly proxyCommand: string | null;
  /** null when unset or `none`. */
  readonly proxyJump: string | null;
  /** Seconds; null for none. */
  readonly connectTimeout: number | null;
  readonly serverAliveInterval: number;
  readonly serverAliveCountMax: number;
  readonly canonicalizeHostname: 'no' | 'yes' | 'always';
  /** Every other keyword the configuration set for this host, with its (first) value and where. */
  readonly otherSettings: ReadonlyMap<string, { readonly value: unknown; readonly where: string }>;
  /** Match exec lines that were not run (Virt Deck never runs them) and did not change the result. */
  readonly execNotRun: readonly ExecSite[];
  /** Messages OpenSSH prints but accepts (e.g. "Unsupported option"). */
  readonly notices: readonly string[];
}

/** Why a configuration is refused: each problem with `file line N:` as OpenSSH reports it. */
export class SshConfigRefusal extends Error {
  override readonly name = 'SshConfigRefusal';
  constructor(readonly problems: readonly string[]) {
    const shown = problems.slice(0, 5).join('; ');
    super(problems.length > 5 ? `${shown}; and ${problems.length - 5} more` : shown);
  }
}

/** Up to this many combinations of Match exec answers are tried before giving up. */
const MAX_EXEC_COMBINATIONS = 16;

/** Keywords whose value EffectiveSshConfig reports itself (so not in `otherSettings`). */
const REPORTED = new Set([
  'user', 'hostname', 'port', 'identitiesonly', 'identityagent', 'userknownhostsfile', 'globalknownhostsfile',
  'stricthostkeychecking', 'hostkeyalias', 'proxycommand', 'proxyjump', 'connecttimeout', 'serveraliveinterval',
  'serveralivecountmax', 'canonicalizehostname',
]);

/**
 * Resolves the configuration for one host the way OpenSSH 9.2's `ssh -G` does: first pass, HostName and
 * `%h`, lowercasing, the final pass (`CanonicalizeHostname`, `Match final`), defaults and expansions.
 * Throws SshConfigRefusal for anything OpenSSH refuses, and for what only DNS or a `Match exec` command
 * could decide when the answer would change the settings.
 */
export function resolveEffectiveConfig(request: SshConfigRequest, sys: SshConfigSystem): EffectiveSshConfig {
  // Virt Deck never runs Match exec commands: resolve under each combination of answers and accept
  // only when every combination gives the same settings.
  const pending: Map<string, boolean>[] = [new Map()];
  let first: { config: EffectiveSshConfig; fingerprint: string } | null = null;
  const sites = new Map<string, ExecSite>();
  let runs = 0;
  while (pending.length > 0) {
    if (++runs > MAX_EXEC_COMBINATIONS) {
      throw new SshConfigRefusal([`too many Match exec lines apply to ${request.host} (${[...sites.values()].map((s) => s.where).join(', ')}); Virt Deck never runs ssh_config commands`]);
    }
    const answers = pending.pop()!;
    const seen: ExecSite[] = [];
    const config = resolveOnce(request, sys, (site) => {
      sites.set(site.key, site);
      if (!answers.has(site.key)) {
        answers.set(site.key, false);
        seen.push(site);
        pending.push(new Map([...answers, [site.key, true]]));
      }
      return answers.get(site.key)!;
    });
    const fingerprint = settingsFingerprint(config);
    if (first === null) first = { config, fingerprint };
    else if (fingerprint !== first.fingerprint) {
      const where = [...sites.values()].map((s) => `${s.where}: Match exec "${s.command}"`).join('; ');
      throw new SshConfigRefusal([`${where}: decides settings for ${request.host}, and Virt Deck never runs ssh_config commands; use Host or Match host instead`]);
    }
  }
  return { ...first!.config, execNotRun: [...sites.values()] };
}

/** What must not depend on a Match exec answer: every honoured value, and those the policy looks at. */
function settingsFingerprint(config: EffectiveSshConfig): string {
  const { notices: _notices, execNotRun: _exec, otherSettings, ...rest } = config;
  const other = [...otherSettings].filter(([keyword]) => POLICY_KEYWORDS.has(keyword)).map(([keyword, v]) => [keyword, v.value]);
  return JSON.stringify({ ...rest, other });
}

function resolveOnce(request: SshConfigRequest, sys: SshConfigSystem, execAnswer: (site: ExecSite) => boolean): EffectiveSshConfig {
  const options = new SshOptions();
  if (request.user !== undefined) options.setFirst('user', request.user, 'the URI');
  if (request.port !== undefined) options.setFirst('port', request.port, 'the URI');
  const problems: string[] = [];
  const notices: string[] = [];
  const pass = (host: string, finalPass: boolean): PassState => {
    const state: PassState = { host, originalHost: request.host, finalPass, options, sys, execAnswer, wantFinalPass: false, problems, notices };
    try {
      for (const file of request.files) readTopFile(file, state);
    } catch (error) {
      if (error instanceof FatalConfigError) throw new SshConfigRefusal([...problems, error.message]);
      throw error;
    }
    if (problems.length > 0) throw new SshConfigRefusal(problems);
    return state;
  };

  const firstPass = pass(request.host, false);
  let host = request.host;
  const configuredHostName = options.string('hostname');
  if (configuredHostName !== undefined) {
    host = expandOrRefuse(() => expandTokens(configuredHostName, { h: host }, null), `HostName ${configuredHostName}`, options.origin('hostname'));
    options.replace('hostname', host);
  }
  host = finalHostName(host);
  const canonicalize = (options.string('canonicalizehostname') ?? 'no') as 'no' | 'yes' | 'always';
  if (canonicalize !== 'no') checkCanonicalization(host, canonicalize, options);
  if (firstPass.wantFinalPass || canonicalize !== 'no') {
    options.replace('hostname', host);
    pass(host, true);
  }
  return effective(request, sys, options, host, canonicalize, notices);
}

/**
 * Hostname canonicalization that would need DNS is refused (the answer could change which Host blocks
 * apply); what needs no lookup (an address, too many dots, no CanonicalDomains) is done as ssh does.
 */
function checkCanonicalization(host: string, mode: 'yes' | 'always', options: SshOptions): void {
  if (isAddress(host)) return;
  const direct = (options.string('proxycommand') ?? 'none').toLowerCase() === 'none' && !options.has('proxyjump');
  if (!direct && mode !== 'always') return;
  const where = options.origin('canonicalizehostname');
  const refuse = (why: string) => {
    throw new SshConfigRefusal([`${where}: CanonicalizeHostname ${mode} ${why}; Virt Deck does not canonicalize through DNS: set HostName instead`]);
  };
  if (host.endsWith('.')) refuse(`would look "${host}" up in DNS`);
  const cnames = options.strings('canonicalizepermittedcnames');
  if (cnames !== undefined && cnames[0] !== 'none') refuse('with CanonicalizePermittedCNAMEs would follow DNS aliases');
  const maxDots = options.number('canonicalizemaxdots') ?? 1;
  if ([...host].filter((c) => c === '.').length > maxDots) return;
  const domains = options.strings('canonicaldomains') ?? [];
  const none = domains.indexOf('none');
  const usable = none < 0 ? domains : domains.slice(0, none);
  if (usable.length > 0) refuse(`would look "${host}" up in DNS under ${usable.join(', ')}`);
  if (options.string('canonicalizefallbacklocal') === 'no') throw new SshConfigRefusal([`Could not resolve host "${host}" (CanonicalizeHostname ${mode} without CanonicalDomains, CanonicalizeFallbackLocal no)`]);
}

function expandOrRefuse(expand: () => string, what: string, where: string | undefined): string {
  try {
    return expand();
  } catch (error) {
    throw new SshConfigRefusal([`${where ?? 'ssh_config'}: ${what}: ${(error as Error).message}`]);
  }
}

const DEFAULT_IDENTITY_FILES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_xmss', 'id_dsa'].map((n) => `~/.ssh/${n}`);

function effective(request: SshConfigRequest, sys: SshConfigSystem, options: SshOptions, host: string, canonicalize: 'no' | 'yes' | 'always', notices: string[]): EffectiveSshConfig {
  const user = options.string('user') ?? sys.localUser;
  const port = options.number('port') ?? sys.servicePort('ssh') ?? 22;
  const alias = options.string('hostkeyalias')?.toLowerCase() ?? null;
  const localHost = sys.localHostName;
  const tokens = {
    C: createHash('sha1').update(`${localHost}${host}${port}${user}`).digest('hex'),
    L: localHost.split('.', 1)[0]!,
    i: String(sys.uid),
    k: alias ?? request.host,
    l: localHost,
    n: request.host,
    p: String(port),
    d: sys.homeDir,
    h: host,
    r: user,
    u: sys.localUser,
  };
  const expandPath = (path: string, keyword: string) =>
    expandOrRefuse(
      () => {
        const tilde = expandTilde(path, sys.homeDir, (name) => sys.userHome(name));
        if (tilde === null) throw new Error(`No such user ${path.slice(1).split('/', 1)[0]}`);
        return expandTokens(tilde, tokens, (name) => sys.env(name));
      },
      `${keyword} ${path}`,
      options.origin(keyword),
    );

  const identityFilesDefault = options.identityFiles.length === 0;
  const identityFiles = identityFilesDefault ? DEFAULT_IDENTITY_FILES : options.identityFiles.map((f) => f.path);
  const identityFilesExpanded = identityFiles.filter((f) => f.toLowerCase() !== 'none').map((f) => expandPath(f, 'identityfile'));
  const knownHosts = (key: string, defaults: string[]) => {
    const files = options.strings(key) ?? defaults;
    return files[0]?.toLowerCase() === 'none' ? [] : files;
  };
  const agent = options.string('identityagent');
  const proxyCommand = options.string('proxycommand');
  const proxyJump = options.string('proxyjump');
  const connectTimeout = options.number('connecttimeout');
  const otherSettings = new Map<string, { value: unknown; where: string }>();
  for (const key of options.keys()) {
    if (!REPORTED.has(key)) otherSettings.set(key, { value: options.strings(key) ?? options.string(key) ?? options.number(key), where: options.origin(key)! });
  }
  if (options.certificateFiles.length > 0) otherSettings.set('certificatefile', { value: options.certificateFiles.map((f) => f.path), where: 'ssh_config' });
  return {
    host: request.host,
    hostName: host,
    user,
    port,
    identityFiles,
    identityFilesExpanded,
    identityFilesDefault,
    certificateFiles: options.certificateFiles.map((f) => f.path),
    identitiesOnly: options.string('identitiesonly') === 'yes',
    identityAgent: agent === undefined ? null : expandPath(agent, 'identityagent'),
    userKnownHostsFiles: knownHosts('userknownhostsfile', ['~/.ssh/known_hosts', '~/.ssh/known_hosts2']).map((f) => expandPath(f, 'userknownhostsfile')),
    globalKnownHostsFiles: knownHosts('globalknownhostsfile', ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']),
    strictHostKeyChecking: (options.string('stricthostkeychecking') ?? 'ask') as StrictHostKeyChecking,
    hostKeyAlias: alias,
    proxyCommand: proxyCommand === undefined || proxyCommand.toLowerCase() === 'none' ? null : proxyCommand,
    proxyJump: proxyJump === undefined || proxyJump === 'none' ? null : proxyJump,
    connectTimeout: connectTimeout === undefined ? null : connectTimeout,
    serverAliveInterval: options.number('serveraliveinterval') ?? 0,
    serverAliveCountMax: options.number('serveralivecountmax') ?? 3,
    canonicalizeHostname: canonicalize,
    otherSettings,
    execNotRun: [],
    notices,
  };
}
