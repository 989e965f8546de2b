import { useEffect } from 'react';
import { backend } from '../../shared/backend/current-backend';
import { HostKeyPrompt } from './HostKeyPrompt';
import { followPrompts } from './prompt-feed';
import { selectCurrentPrompt, usePromptsStore } from './prompts-store';
import { SecretPrompt } from './SecretPrompt';

/**
 * Where SSH prompts appear, mounted once in the app shell: follows main's prompts and shows the oldest open one as
 * a modal dialog (the next appears when it is answered, here or in another window).
 */
export function SshPromptHost() {
  useEffect(() => followPrompts(backend()), []);
  const prompt = usePromptsStore(selectCurrentPrompt);
  const waiting = usePromptsStore((s) => s.prompts.length);
  const busy = usePromptsStore((s) => prompt !== null && s.answering === prompt.id);
  const error = usePromptsStore((s) => (prompt === null ? null : (s.errors[prompt.id] ?? null)));
  const answer = usePromptsStore((s) => s.answer);
  if (prompt === null) return null;
  const queue = waiting > 1 ? `1 of ${waiting} prompts` : null;
  // Keyed by id: each prompt gets a fresh dialog (and an empty input).
  if (prompt.kind === 'host-key') {
    return <HostKeyPrompt key={prompt.id} prompt={prompt} busy={busy} error={error} queue={queue} onAnswer={(accept) => void answer(prompt.id, accept)} />;
  }
  return (
    <SecretPrompt
      key={prompt.id}
      prompt={prompt}
      busy={busy}
      error={error}
      queue={queue}
      onAnswer={(secret) => void (secret === null ? answer(prompt.id, false) : answer(prompt.id, true, secret))}
    />
  );
}
