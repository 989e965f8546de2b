import type { ServerHostKeyAlgorithm } from 'ssh2';
import type { HostKeyInfo } from './errors';
import { HostKeyMismatchError, HostKeyRevokedError, PromptDeclinedError, SshError, UnknownHostKeyError } from './errors';
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
  /** Files searched, in order. */
  readonly knownHostsFiles: readonly string[];
  /**
   * Where a trusted key is recorded, as OpenSSH does: the URI's `known_hosts=`, else the first
   * `UserKnownHostsFile` — never a global file. Null: nowhere (`UserKnownHostsFile none`), so an
   * unknown key is refused rather than accepted unrecorded. Absent: the first of `knownHostsFiles`.
   */
  readonly recordIn?: string | null;
  /** Record the host name hashed (`|1|salt|hash`), as ssh_config `HashKnownHosts yes` asks; default plain, as OpenSSH. */
  readonly hashNames?: boolean;
}

/** What the person deciding about an unknown host key is told besides the key itself. */
export interface UnknownHostKeyContext {
  /** The file the key will be recorded in when trusted. */
  readonly knownHostsFile: string;
  /** Whether the host name is recorded hashed. */
  readonly hashed: boolean;
  /** `file:line` of a `@cert-authority` line covering the host (its certificate cannot be checked here). */
  readonly certificateAuthorityAt: string | null;
}

/**
 * Asks the user whether to trust an unknown host key; true = trust (and record it) and continue.
 * Throwing {@link PromptDeclinedError} refuses with its reason (no window to ask, no answer in time).
 */
export type AcceptUnknownHostKey = (hostKey: HostKeyInfo, context: UnknownHostKeyContext) => Promise<boolean>;

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
    const recordIn = this.policy.recordIn === undefined ? (knownHostsFiles[0] ?? null) : this.policy.recordIn;
    const hashed = this.policy.hashNames === true;
    // A host meant to show a CA-signed certificate is never accepted without a person deciding.
    const automatic = certificateAuthorityAt === null && mode !== 'strict';
    if (automatic && mode === 'insecureAcceptUnknown') return;
    const refuse = (declined: string | null, askable = true) => new UnknownHostKeyError(info, knownHostsFiles, certificateAuthorityAt, declined, askable);
    // Nowhere to record it: a key accepted now would be asked about again on every connect; refuse instead.
    if (recordIn === null) throw refuse('no UserKnownHostsFile to record it in');
    let accepted = automatic;
    if (!accepted && this.acceptUnknown) {
      try {
        accepted = await this.acceptUnknown(info, { knownHostsFile: recordIn, hashed, certificateAuthorityAt });
      } catch (error) {
        if (error instanceof PromptDeclinedError) throw refuse(error.reason, error.askable);
        throw error;
      }
    }
    if (!accepted) throw refuse(this.acceptUnknown ? 'refused' : null);
    await trustHostKey(info, recordIn, { hashHostName: hashed });
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
