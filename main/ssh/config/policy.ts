import type { EffectiveSshConfig } from './resolve';

/** What Virt Deck does with an effective ssh_config: what it cannot honour safely, and what it ignores. */
export interface ConfigVerdict {
  /** Settings Virt Deck cannot honour and must not ignore (ignoring them would connect elsewhere or trust more). */
  readonly refusals: readonly string[];
  /** Settings ignored, each with `file line N` and why; shown to the user. */
  readonly warnings: readonly string[];
}

/** Keywords ignored with a warning when set to something other than their default, and why. */
const IGNORED_WITH_WARNING: Readonly<Record<string, { readonly unless?: readonly (string | number)[]; readonly why: string }>> = {
  hostkeyalgorithms: { why: 'Virt Deck offers its own host key algorithms (the key is still checked against known_hosts)' },
  ciphers: { why: 'Virt Deck negotiates its own ciphers' },
  macs: { why: 'Virt Deck negotiates its own MACs' },
  kexalgorithms: { why: 'Virt Deck negotiates its own key exchange' },
  pubkeyacceptedalgorithms: { why: 'Virt Deck signs with the algorithms its SSH library supports' },
  casignaturealgorithms: { why: 'host and user certificates are not used' },
  certificatefile: { why: 'certificates are not used; the plain keys are' },
  checkhostip: { unless: ['no'], why: 'the host key is checked under the host name only, not also under its address' },
  verifyhostkeydns: { unless: ['no'], why: 'SSHFP records are not consulted (unknown keys are refused or asked about instead)' },
  nohostauthenticationforlocalhost: { unless: ['no'], why: 'host keys of localhost are checked like any other' },
  updatehostkeys: { unless: ['no'], why: 'additional host keys the server offers are not learnt' },
  knownhostscommand: { unless: ['none'], why: 'Virt Deck never runs ssh_config commands; keys it would print are not trusted' },
  pubkeyauthentication: { unless: ['yes'], why: 'Virt Deck tries its own order of methods (keys, agent, then password prompts)' },
  passwordauthentication: { unless: ['yes'], why: 'Virt Deck may still ask for a password when the server offers it' },
  kbdinteractiveauthentication: { unless: ['yes'], why: 'Virt Deck may still ask for keyboard-interactive answers when the server offers it' },
  preferredauthentications: { why: 'Virt Deck tries its own order of methods (keys, agent, then password prompts)' },
  batchmode: { unless: ['no'], why: 'the app may still ask for passwords and passphrases' },
  addressfamily: { unless: ['any'], why: 'the address family is the system resolver\'s choice' },
  bindaddress: { why: 'connections use the default source address' },
  bindinterface: { why: 'connections use the default interface' },
  connectionattempts: { unless: [1], why: 'one attempt per connect; the host session retries with backoff' },
  pkcs11provider: { unless: ['none'], why: 'keys on PKCS#11 tokens are not used' },
  securitykeyprovider: { why: 'security-key (sk-*) keys are not used' },
};

/** Keywords (beyond those EffectiveSshConfig reports) whose value changes what Virt Deck does or says. */
export const POLICY_KEYWORDS: ReadonlySet<string> = new Set(['revokedhostkeys', 'certificatefile', 'hashknownhosts', ...Object.keys(IGNORED_WITH_WARNING)]);

/**
 * Sorts what the configuration sets into honoured, refused and ignored-with-a-warning (see
 * docs/transports.md for the table).
 */
export function judgeConfig(config: EffectiveSshConfig): ConfigVerdict {
  const refusals: string[] = [];
  const warnings: string[] = [];
  if (config.proxyJump !== null) refusals.push(`ProxyJump ${config.proxyJump} applies to ${config.host}: jump hosts are not supported yet`);
  if (config.proxyCommand !== null) refusals.push(`ProxyCommand applies to ${config.host}: proxy commands are not supported yet (Virt Deck never runs ssh_config commands)`);
  const revoked = config.otherSettings.get('revokedhostkeys');
  if (revoked !== undefined && String(revoked.value).toLowerCase() !== 'none') {
    refusals.push(`${revoked.where}: RevokedHostKeys ${String(revoked.value)} applies to ${config.host}: revocation files are not supported, and ignoring them would accept revoked keys`);
  }
  for (const [keyword, setting] of config.otherSettings) {
    const rule = IGNORED_WITH_WARNING[keyword];
    if (rule === undefined) continue;
    if (rule.unless !== undefined && rule.unless.includes(setting.value as string | number)) continue;
    warnings.push(`${setting.where}: ${keyword} ignored: ${rule.why}`);
  }
  for (const site of config.execNotRun) {
    warnings.push(`${site.where}: Match exec "${site.command}" not run (Virt Deck never runs ssh_config commands); either answer gives the same settings`);
  }
  for (const notice of config.notices) warnings.push(notice);
  return { refusals, warnings };
}
