import { useRef } from 'react';
import type { Prompt } from '../../../common/contract/prompt-schemas';
import { Dialog } from '../../shared/dialogs/Dialog';
import { PromptError } from './PromptError';
import { promptTestIds } from './test-ids';
import './ssh-prompts.css';

/** A host-key prompt. */
export type HostKeyPromptData = Extract<Prompt, { kind: 'host-key' }>;

/** Props of {@link HostKeyPrompt}. */
export interface HostKeyPromptProps {
  readonly prompt: HostKeyPromptData;
  readonly busy: boolean;
  readonly error: string | null;
  readonly queue: string | null;
  readonly onAnswer: (accept: boolean) => void;
}

/**
 * "Trust this host key?": the key type and `SHA256:` fingerprint to compare with the host's own, and where the key
 * will be recorded. Refuse has the focus; Escape refuses. (A changed key never gets here: main refuses it outright.)
 */
export function HostKeyPrompt({ prompt, busy, error, queue, onAnswer }: HostKeyPromptProps) {
  const refuse = useRef<HTMLButtonElement>(null);
  const { details, host } = prompt;
  return (
    <Dialog
      title={`Trust the host key of ${host.name ?? host.address}?`}
      testId={promptTestIds.dialog}
      kind={prompt.kind}
      tone={details.certificateAuthorityAt === null ? 'attention' : 'warning'}
      initialFocus={refuse}
      onClose={() => onAnswer(false)}
      description={
        <>
          The SSH server at <strong data-testid={promptTestIds.host}>{host.address}</strong> presented a host key that no known_hosts file lists
          for <code>{details.hostEntry}</code>. Compare its fingerprint with the one the host itself shows (
          <code>ssh-keygen -lf /etc/ssh/ssh_host_{hostKeyFileKind(details.keyType)}_key.pub</code> on the host) and trust it only if they are the
          same.
        </>
      }
      actions={
        <>
          {queue !== null && (
            <span className="ssh-prompt__queue" data-testid={promptTestIds.queue}>
              {queue}
            </span>
          )}
          <button ref={refuse} type="button" className="button" data-testid={promptTestIds.refuse} disabled={busy} onClick={() => onAnswer(false)}>
            Refuse
          </button>
          <button type="button" className="button button--primary" data-testid={promptTestIds.accept} disabled={busy} onClick={() => onAnswer(true)}>
            {busy ? 'Trusting…' : 'Trust and connect'}
          </button>
        </>
      }
    >
      <dl className="ssh-prompt__facts">
        <dt>Key type</dt>
        <dd data-testid={promptTestIds.keyType}>{details.keyType}</dd>
        <dt>Fingerprint</dt>
        <dd className="ssh-prompt__fingerprint" data-testid={promptTestIds.fingerprint}>
          {details.fingerprint}
        </dd>
        <dt>Recorded in</dt>
        <dd data-testid={promptTestIds.knownHostsFile}>
          <code>{details.knownHostsFile}</code>
          {details.hashed ? ' (host name hashed)' : ''}
        </dd>
      </dl>
      {details.certificateAuthorityAt !== null && (
        <div className="banner banner--warning" role="note">
          {details.certificateAuthorityAt} says this host proves itself with a certificate, which Virt Deck cannot check. Trusting this plain key
          bypasses that certificate authority.
        </div>
      )}
      <p className="ssh-prompt__note">
        Virt Deck waits for an answer until {new Date(prompt.expiresAt).toLocaleTimeString()}; a refused key is not asked about again for 10 minutes.
      </p>
      <PromptError message={error} />
    </Dialog>
  );
}

/** The part of OpenSSH's host key file name for a key type: `ssh_host_<kind>_key.pub`. */
function hostKeyFileKind(keyType: string): string {
  if (keyType === 'ssh-ed25519') return 'ed25519';
  if (keyType === 'ssh-rsa') return 'rsa';
  if (keyType.startsWith('ecdsa-sha2-')) return 'ecdsa';
  return '*';
}
