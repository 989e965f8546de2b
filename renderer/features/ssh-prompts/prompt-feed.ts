import type { Backend } from '../../shared/backend/backend';
import { usePromptsStore } from './prompts-store';

/**
 * Follow SSH prompts: `prompts.requested` and `prompts.resolved` into the store, and the open prompts loaded each
 * time the connection comes (back) up — a prompt asked while this window was away or before it loaded is shown
 * too. Returns the function that stops following.
 */
export function followPrompts(backend: Backend): () => void {
  const store = usePromptsStore.getState();
  const offRequested = backend.subscribe('prompts.requested', (prompt) => store.requested(prompt));
  const offResolved = backend.subscribe('prompts.resolved', (resolved) => store.resolved(resolved));
  let connected = false;
  const offConnection = backend.onConnectionChange((state) => {
    const now = state.status === 'connected';
    if (now && !connected) void store.load();
    connected = now;
  });
  return () => {
    offConnection();
    offResolved();
    offRequested();
  };
}
