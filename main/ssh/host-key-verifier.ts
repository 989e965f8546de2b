import type { ServerHostKeyAlgorithm } from 'ssh2';
import type { HostKeyInfo } from './errors';
import { HostKeyMismatchError, HostKeyRevokedError, SshError, UnknownHostKeyError } from './errors';
import { keyTypeOfBlob, sha256Fingerprint } from './fingerprint';
import { checkHostKey, knownHostsName, knownKeyTypes, type KnownHostEntry } from './known-hosts';
import { loadKnownHosts, trustHostKey } from './known-hosts-file';

/**
 * How host keys are checked. Verification is the default; the only way to skip it is the loudly
 * named `insecureSkipHostKeyVerification` (URI `no_verify=1`), so it never happens by accident.
 */
export type HostKeyPolicy =
  | {
      /** `strict`: unknown keys are refused (or handed to `acceptUnknownHostKey`); `accept-new`: unknown keys are recorded in the first file and accepted (ssh_config `StrictHostKeyChecking accept-new`). Changed keys are refused in both. */
      readonly mode: 'strict' | 'accept-new';
      /** Files searched, in order; trusted keys are recorded in the first. */
      readonly knownHostsFiles: readonly string[];
    }
  | { readonly mode: 'insecureSkipHostKeyVerification' };

/** Asks the user whether to trust an unknown host key; true = trust (and record it) and continue. */
export type AcceptUnknownHostKey = (hostKey: HostKeyInfo) => Promise<boolean>;

/** Host-key checks for one connection attempt: preferred algorithms before the handshake, the verdict during it. */
export class HostKeyVerifier {
  private entries: KnownHostEntry[] = [];
  private readonly hostEntry: string;

  constructor(
    private readonly policy: HostKeyPolicy,
    /** The name known_hosts records for the host (HostKeyAlias, else the host name actually dialled). */
    private readonly keyHost: string,
    private readonly port: number,
    private readonly acceptUnknown?: AcceptUnknownHostKey,
  ) {
    this.hostEntry = knownHostsName(keyHost, port);
  }

  /** Loads the known_hosts files (once, before connecting). */
  async load(): Promise<void> {
    if (this.policy.mode !== 'insecureSkipHostKeyVerification') this.entries = await loadKnownHosts(this.policy.knownHostsFiles);
  }

  /**
   * Host-key algorithms to put first in the handshake offer: the types already recorded for this
   * host, so a server holding several keys shows the one we can check (OpenSSH does the same).
   */
  preferredAlgorithms(): ServerHostKeyAlgorithm[] {
    const out: ServerHostKeyAlgorithm[] = [];
    for (const type of knownKeyTypes(this.entries, this.hostEntry)) {
      if (type === 'ssh-rsa') out.push('rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa');
      else if (isVerifiableType(type)) out.push(type);
    }
    return out;
  }

  /** Resolves when `keyBlob` may be trusted; rejects with the precise host-key error otherwise. */
  async verify(keyBlob: Uint8Array): Promise<void> {
    if (this.policy.mode === 'insecureSkipHostKeyVerification') return;
    const info = this.describe(keyBlob);
    const check = checkHostKey(this.entries, this.hostEntry, keyBlob);
    switch (check.status) {
      case 'known':
        return;
      case 'revoked':
        throw new HostKeyRevokedError(info, check.entry.source);
      case 'mismatch':
        throw new HostKeyMismatchError(info, check.entry.source, sha256Fingerprint(check.entry.keyBlob));
      case 'unknown': {
        const files = this.policy.knownHostsFiles;
        // A host we know under another key type is suspicious: never record such a key silently.
        const mayAutoAccept = this.policy.mode === 'accept-new' && check.otherKeyTypes.length === 0;
        const accepted = mayAutoAccept || (this.acceptUnknown ? await this.acceptUnknown(info) : false);
        if (!accepted) throw new UnknownHostKeyError(info, files, check.otherKeyTypes);
        const file = files[0];
        if (file) await trustHostKey(info, file);
        return;
      }
    }
  }

  private describe(keyBlob: Uint8Array): HostKeyInfo {
    const keyType = keyTypeOfBlob(keyBlob);
    if (!keyType) throw new SshError(`${this.hostEntry} presented a malformed host key`);
    return {
      hostEntry: this.hostEntry,
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
