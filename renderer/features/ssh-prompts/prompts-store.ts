import { create } from 'zustand';
import type { Prompt, PromptResolved } from '../../../common/contract/prompt-schemas';
import { BackendError } from '../../shared/backend/backend';
import { backend } from '../../shared/backend/current-backend';
import { errorMessage } from '../../shared/stores/load-state';

/**
 * The SSH prompts main is waiting on (`prompts.requested`, `prompts.list`), oldest first, and answering them. Holds
 * no secret, ever: a password or passphrase goes from the input straight into the `prompts.answer` call.
 */
export interface PromptsStore {
  readonly prompts: readonly Prompt[];
  /** Prompt id whose answer is being sent. */
  readonly answering: string | null;
  /** Why the last answer to a prompt was refused (the prompt stays open), by prompt id. */
  readonly errors: Readonly<Record<string, string>>;
  /** A prompt was asked (an event): shown after the ones already open. */
  requested(prompt: Prompt): void;
  /** A prompt is over (answered here or in another window, expired, cancelled): it goes away. */
  resolved(resolved: PromptResolved): void;
  /** Replace the list with main's (`prompts.list`): at start and after every reconnect. */
  load(): Promise<void>;
  /** Answer: `accept` a host key, give a `secret`, or refuse. Resolves once main took it (or refused it). */
  answer(id: string, accept: boolean, secret?: string): Promise<void>;
}

/** How many resolved ids are remembered, so a list fetched just before they resolved cannot bring them back. */
const RESOLVED_MEMORY = 64;

/** The prompts store. */
export const usePromptsStore = create<PromptsStore>()((set, get) => {
  const resolvedIds: string[] = [];
  let latestLoad = 0;
  /** Prompts that arrived as events while a load was running: its older answer must not drop them. */
  const arrivedDuringLoad = new Set<string>();
  const drop = (id: string) => {
    resolvedIds.push(id);
    if (resolvedIds.length > RESOLVED_MEMORY) resolvedIds.shift();
    const { [id]: _dropped, ...errors } = get().errors;
    set({ prompts: get().prompts.filter((p) => p.id !== id), errors, answering: get().answering === id ? null : get().answering });
  };
  return {
    prompts: [],
    answering: null,
    errors: {},
    requested(prompt) {
      if (resolvedIds.includes(prompt.id) || get().prompts.some((p) => p.id === prompt.id)) return;
      arrivedDuringLoad.add(prompt.id);
      set({ prompts: [...get().prompts, prompt] });
    },
    resolved({ id }) {
      drop(id);
    },
    async load() {
      const request = ++latestLoad;
      arrivedDuringLoad.clear();
      try {
        const listed = await backend().call('prompts.list', {});
        if (request !== latestLoad) return;
        const known = new Set(listed.map((p) => p.id));
        const newer = get().prompts.filter((p) => arrivedDuringLoad.has(p.id) && !known.has(p.id));
        const prompts = [...listed, ...newer].filter((p) => !resolvedIds.includes(p.id));
        set({ prompts: prompts.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt)) });
      } catch {
        // Disconnected: the next (re)connect loads again; what is shown stays until then.
      }
    },
    async answer(id, accept, secret) {
      set({ answering: id });
      try {
        await backend().call('prompts.answer', secret === undefined ? { id, accept } : { id, accept, secret });
        drop(id);
      } catch (error) {
        // Already over (another window answered first, or it expired): nothing left to answer here.
        if (error instanceof BackendError && error.code === 'not_found') drop(id);
        else set({ answering: null, errors: { ...get().errors, [id]: errorMessage(error) } });
      }
    },
  };
});

/** The prompt to show now: the oldest still open. */
export const selectCurrentPrompt = (store: PromptsStore): Prompt | null => store.prompts[0] ?? null;
