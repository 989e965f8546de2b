import { useRef, type FormEvent } from 'react';
import type { Prompt } from '../../../common/contract/prompt-schemas';
import { PROMPT_SECRET_MAX } from '../../../common/contract/prompt-limits';
import { Dialog } from '../../shared/dialogs/Dialog';
import { PromptError } from './PromptError';
import { promptTestIds } from './test-ids';
import './ssh-prompts.css';

/** A passphrase or password prompt. */
export type SecretPromptData = Extract<Prompt, { kind: 'passphrase' | 'password' }>;

/** Props of {@link SecretPrompt}. */
export interface SecretPromptProps {
  readonly prompt: SecretPromptData;
  readonly busy: boolean;
  readonly error: string | null;
  readonly queue: string | null;
  /** `secret` is null for a cancel. */
  readonly onAnswer: (secret: string | null) => void;
}

/**
 * A passphrase or password, typed into an input React does not control: the text lives only in the input, goes
 * into the one `prompts.answer` call, and the input is cleared at once. Nothing stores it; Escape cancels.
 */
export function SecretPrompt({ prompt, busy, error, queue, onAnswer }: SecretPromptProps) {
  const input = useRef<HTMLInputElement>(null);
  const text = describe(prompt);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const field = input.current;
    if (field === null) return;
    const secret = field.value;
    field.value = '';
    onAnswer(secret);
  };
  return (
    <Dialog title={text.title} testId={promptTestIds.dialog} kind={prompt.kind} tone="attention" initialFocus={input} onClose={() => onAnswer(null)} description={text.description}>
      <form className="ssh-prompt__form" onSubmit={submit} autoComplete="off">
        {prompt.kind === 'password' && prompt.details.instructions !== null && prompt.details.instructions !== '' && (
          <p className="ssh-prompt__instructions">{prompt.details.instructions}</p>
        )}
        <label className="ssh-prompt__label">
          <span>{text.label}</span>
          <input
            ref={input}
            className="ssh-prompt__input"
            type={prompt.kind === 'password' && prompt.details.echo ? 'text' : 'password'}
            data-testid={promptTestIds.secret}
            autoComplete="off"
            spellCheck={false}
            maxLength={PROMPT_SECRET_MAX}
            disabled={busy}
          />
        </label>
        <p className="ssh-prompt__note">Used for this connection only: Virt Deck never stores it. Asked until {new Date(prompt.expiresAt).toLocaleTimeString()}.</p>
        <PromptError message={error} />
        <div className="dialog__actions ssh-prompt__form-actions">
          {queue !== null && (
            <span className="ssh-prompt__queue" data-testid={promptTestIds.queue}>
              {queue}
            </span>
          )}
          <button type="button" className="button" data-testid={promptTestIds.refuse} disabled={busy} onClick={() => onAnswer(null)}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" data-testid={promptTestIds.accept} disabled={busy}>
            {busy ? 'Sending…' : 'Connect'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function describe(prompt: SecretPromptData): { title: string; description: string; label: string } {
  const host = prompt.host.name ?? prompt.host.address;
  if (prompt.kind === 'passphrase') {
    const again = prompt.details.attempt > 1 ? ` That passphrase was wrong (try ${prompt.details.attempt} of 3).` : '';
    return {
      title: `Passphrase for ${host}`,
      description: `Connecting to ${prompt.host.address} needs the key ${prompt.details.keyPath}, which is protected by a passphrase.${again}`,
      label: 'Passphrase',
    };
  }
  const method = prompt.details.method === 'password' ? 'a password' : 'an answer';
  return { title: `Log in to ${host}`, description: `${prompt.host.address} asks for ${method}.`, label: prompt.details.prompt.trim() || 'Password' };
}
