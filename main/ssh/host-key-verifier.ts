import type { ServerHostKeyAlgorithm } from 'ssh2';
import type { HostKeyInfo } from './errors';
import { HostKeyMismatchError, HostKeyRevokedError, SshError, UnknownHostKeyError } from './errors';
import { keyTypeOfBlob, sha256Fingerprint } from './fingerprint';
import { checkHostKey, hostKeyNames, knownKeyTypes, type HostKeyNames, type KnownHostEntry } from './known-hosts';
import { loadKnownHosts, trustHostKey } from './known-hosts-file';

/**
 * How host keys are checked. A changed or revoked key is refused in every mode; the modes differ only
 * in what happens to a host with no key on record:
 * - `strict`: refused, or handed to `acceptUnknownHostKey` (a person decides; the key is recorded);
 * - `accept-new`: recorded in the first file and accepted (ssh_config `StrictHostKeyChecking accept-new` or `no`);
 * - `insecureAcceptUnknown`: accepted without recording (URI `no_verify=1`; libvirt's ssh transport
 *   passes `StrictHostKeyChecking=no`, which would also let a changed key through). Loudly named so
 *   it never happens by accident; never a default.
 */
export interface HostKeyPolicy {
  readonly mode: 'strict' | 'accept-new' | 'insecureAcceptUnknown';
  /** Files searched, in order; trusted keys are recorded in the first. */
  readonly knownHostsFiles: readonly string[];
}

/** Asks the user whether to trust an unknown host key; true = trust (and record it) and continue. */
export type AcceptUnknownHostKey = (hostKey: HostKeyInfo) => Promise<boolean>;

/** Host-key checks for one connection attempt: preferred algorithms before the handshake, the verdict during it. */
export class HostKeyVerifier {
  private entries: KnownHostEntry[] = [];
  private readonly names: HostKeyNames;

  constructor(
    private readonly policy: HostKeyPolicy,
    /** The name known_hosts records for the host (HostKeyAlias, else the host name actually dialled). */
    private readonly keyHost: string,
    /** The port for that name: 22 for a HostKeyAlias, which OpenSSH looks up without `[…]:port`. */
    private readonly port: number,
    private readonly acceptUnknown?: AcceptUnknownHostKey,
  ) {
    this.names = hostKeyNames(keyHost, port);
  }

  /** Loads the known_hosts files (once, before connecting). */
  async load(): Promise<void> {
    this.entries = await loadKnownHosts(this.policy.knownHostsFiles);
  }

  /**
   * Host-key algorithms to put first in the handshake offer: the types already recorded for this
   * host, so a server holding several keys shows the one we can check (OpenSSH does the same).
   */
  preferredAlgorithms(): ServerHostKeyAlgorithm[] {
    const out: ServerHostKeyAlgorithm[] = [];
    for (const type of knownKeyTypes(this.entries, this.names.primary)) {
      if (type === 'ssh-rsa') out.push('rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa');
      else if (isVerifiableType(type)) out.push(type);
    }
    return out;
  }

  /** Resolves when `keyBlob` may be trusted; rejects with the precise host-key error otherwise. */
  async verify(keyBlob: Uint8Array): Promise<void> {
    const info = this.describe(keyBlob);
    const check = checkHostKey(this.entries, this.names, keyBlob);
    switch (check.status) {
      case 'known':
        return;
      case 'revoked':
        throw new HostKeyRevokedError(info, check.entry.source);
      case 'mismatch':
        throw new HostKeyMismatchError(info, check.entry.source, sha256Fingerprint(check.entry.keyBlob), check.entry.keyType);
      case 'unknown':
        return this.unknown(info, check.certificateAuthority?.source ?? null);
    }
  }

  private async unknown(info: HostKeyInfo, certificateAuthorityAt: string | null): Promise<void> {
    const { mode, knownHostsFiles } = this.policy;
    // A host meant to show a CA-signed certificate is never accepted without a person deciding.
    const automatic = certificateAuthorityAt === null && mode !== 'strict';
    if (automatic && mode === 'insecureAcceptUnknown') return;
    const accepted = automatic || (this.acceptUnknown ? await this.acceptUnknown(info) : false);
    if (!accepted) throw new UnknownHostKeyError(info, knownHostsFiles, certificateAuthorityAt);
    const file = knownHostsFiles[0];
    if (file) await trustHostKey(info, file);
  }

  private describe(keyBlob: Uint8Array): HostKeyInfo {
    const keyType = keyTypeOfBlob(keyBlob);
    const hostEntry = this.names.primary;
    if (!keyType) throw new SshError(`${hostEntry} presented a malformed host key`);
    return {
      hostEntry,
      host: this.keyHost,
      port: this.port,
      keyType,
      fingerprint: sha256Fingerprint(keyBlob),
      publicKeyBase64: Buffer.from(keyBlob).toString('base64'),
    };
  }
}

/** Host-key algorithms named like their key type (ssh-rsa is expanded to its SHA-2 signature variants). */
const SAME_NAME_TYPES: readonly string[] = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'];

function isVerifiableType(type: string): type is ServerHostKeyAlgorithm {
  return SAME_NAME_TYPES.includes(type);
}
