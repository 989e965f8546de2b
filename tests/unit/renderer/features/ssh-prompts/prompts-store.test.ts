// The prompts store against main's real facade and broker: a `prompts.list` answer older than the events must not
// drop or revive prompts, a prompt another window answered goes away, and a refused answer keeps it open with why.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../../../common/contract/channels';
import type { PromptQuestion } from '../../../../../main/app/prompts';
import { BackendError, type Backend } from '../../../../../renderer/shared/backend/backend';
import { setBackend } from '../../../../../renderer/shared/backend/current-backend';
import { followPrompts } from '../../../../../renderer/features/ssh-prompts/prompt-feed';
import { selectCurrentPrompt, usePromptsStore } from '../../../../../renderer/features/ssh-prompts/prompts-store';
import { promptingService } from '../../../app/prompts/prompting-service';

const host = { name: 'lab1', address: 'root@lab1:22' };
const question = (keyPath: string): PromptQuestion => ({ kind: 'passphrase', host, details: { keyPath, attempt: 1 } });

/** Main's facade with a broker; `prompts.list` answers are held until `releaseList()` (a slow call). */
function setup() {
  const { broker, service } = promptingService({ hasAnswerer: () => true });
  const held: (() => void)[] = [];
  const backend: Backend = {
    kind: 'web',
    async call(channel: Channel, args: unknown) {
      const result = await service.call(channel, args, { transport: 'in-process' });
      if (channel === 'prompts.list') await new Promise<void>((resolve) => held.push(resolve));
      if (!result.ok) throw new BackendError(result.error.code, result.error.message);
      return result.value as never;
    },
    subscribe: (event, listener) => service.subscribe((name, payload) => void (name === event && listener(payload as never))),
    openConsole: () => Promise.reject(new BackendError('unavailable', 'No consoles in the prompt tests')),
    onConnectionChange: (listener) => (listener({ status: 'connected' }), () => undefined),
    close: () => undefined,
  };
  setBackend(backend);
  const releaseList = async () => {
    for (const release of held.splice(0)) release();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { broker, backend, releaseList };
}

beforeEach(() => usePromptsStore.setState({ prompts: [], answering: null, errors: {} }));

describe('usePromptsStore', () => {
  it('keeps prompts asked while a slower list was on its way, and never revives one already over', async () => {
    const { broker, backend, releaseList } = setup();
    void broker.ask(question('/k/old'));
    const stop = followPrompts(backend); // loads the list: held
    void broker.ask(question('/k/new'));
    const [old, fresh] = broker.list();
    broker.answer({ id: old!.id, accept: false }); // over before the (older) list answer arrives
    await releaseList();
    expect(usePromptsStore.getState().prompts.map((p) => p.details)).toEqual([{ keyPath: '/k/new', attempt: 1 }]);
    expect(selectCurrentPrompt(usePromptsStore.getState())?.id).toBe(fresh!.id);
    stop();
  });

  it('drops a prompt another window answered first, and keeps one whose answer was refused, with the reason', async () => {
    const { broker, backend, releaseList } = setup();
    const stop = followPrompts(backend);
    await releaseList();
    void broker.ask(question('/k/a'));
    void broker.ask({ kind: 'host-key', host, details: { keyType: 'ssh-ed25519', fingerprint: 'SHA256:x', hostEntry: 'lab1', knownHostsFile: '/kh', hashed: false, certificateAuthorityAt: null } });
    const [a, key] = broker.list();

    // The other window wins while this one is still sending: main says not_found, the prompt goes.
    broker.answer({ id: a!.id, accept: true, secret: 'from the other window' });
    await usePromptsStore.getState().answer(a!.id, true, 'late');
    // A secret for a host key: refused by main, the prompt stays with the reason.
    await usePromptsStore.getState().answer(key!.id, true, 'nonsense');
    const state = usePromptsStore.getState();
    expect(state.prompts.map((p) => p.id)).toEqual([key!.id]);
    expect(state.errors[key!.id]).toBe('A host key prompt takes no secret: accept or refuse the key');
    expect(state.answering).toBeNull();
    expect(JSON.stringify(state)).not.toMatch(/late|nonsense|other window/);
    stop();
  });
});
