// `virt-deck sync --accept-host-key SHA256:…`: the CLI never asks about a host key (there is nobody to ask in a
// script); it prints the fingerprint with the command that trusts exactly that key, and trusts a key only when the
// operator named its fingerprint on the command line.
import { uriConnector, type HostConnector } from '../hosts';
import type { ConnectLibvirtOptions } from '../libvirt';
import { PromptDeclinedError, UnknownHostKeyError, type HostKeyInfo } from '../ssh';
import { UsageError } from './args';

/** An OpenSSH SHA-256 fingerprint as `ssh-keygen -l` prints it. */
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

/** A connector that accepts only the named fingerprints, and remembers the unknown keys it met for {@link hints}. */
export class HostKeyAcceptance {
  private readonly unknown = new Map<string, HostKeyInfo>();
  readonly connect: HostConnector;

  constructor(fingerprints: readonly string[], command: readonly string[], connectOptions: Omit<ConnectLibvirtOptions, 'signal'> = {}) {
    const bad = fingerprints.find((fingerprint) => !FINGERPRINT.test(fingerprint));
    if (bad !== undefined) throw new UsageError(`--accept-host-key takes a fingerprint as ssh-keygen -l prints it (SHA256: and 43 characters), not ${JSON.stringify(bad)}`, command);
    const accepted = new Set(fingerprints);
    const base = uriConnector(
      accepted.size === 0
        ? connectOptions
        : {
            ...connectOptions,
            acceptUnknownHostKey: async (hostKey) => {
              if (accepted.has(hostKey.fingerprint)) return true;
              throw new PromptDeclinedError('not named by --accept-host-key');
            },
          },
    );
    this.connect = async (host, signal) => {
      try {
        return await base(host, signal);
      } catch (error) {
        // StrictHostKeyChecking yes rules asking out, --accept-host-key included: the error itself says to edit known_hosts.
        if (error instanceof UnknownHostKeyError && error.askable) this.unknown.set(host.name, error.hostKey);
        throw error;
      }
    };
  }

  /** For each host refused for an unknown key: its fingerprint and the command that trusts exactly that key. */
  hints(): string[] {
    return [...this.unknown].map(
      ([host, key]) =>
        `${host}: unknown host key ${key.keyType} ${key.fingerprint} for ${key.hostEntry}; check it with the host's administrator ` +
        `(ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the host), then: virt-deck sync --host ${host} --accept-host-key ${key.fingerprint}`,
    );
  }
}
