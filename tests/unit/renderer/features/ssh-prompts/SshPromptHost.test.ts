// @vitest-environment happy-dom
// The SSH prompt dialogs against main's real service facade and prompt broker (in process): what the operator sees
// for a host key and a passphrase, the keyboard (focus, Tab trap, Escape refuses), the secret going straight into the
// answer and nowhere else, and a prompt answered in another window closing here.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../../../common/contract/channels';
import type { PromptBroker, PromptQuestion, PromptReply } from '../../../../../main/app/prompts';
import { BackendError, type Backend, type ConnectionState } from '../../../../../renderer/shared/backend/backend';
import { setBackend } from '../../../../../renderer/shared/backend/current-backend';
import { usePromptsStore } from '../../../../../renderer/features/ssh-prompts/prompts-store';
import { SshPromptHost } from '../../../../../renderer/features/ssh-prompts/SshPromptHost';
import { promptTestIds } from '../../../../../renderer/features/ssh-prompts/test-ids';
import { promptingService } from '../../../app/prompts/prompting-service';

const FINGERPRINT = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';
const host = { name: 'lab1', address: 'root@127.0.0.1:2222' };
const hostKey: PromptQuestion = {
  kind: 'host-key',
  host,
  details: { keyType: 'ssh-ed25519', fingerprint: FINGERPRINT, hostEntry: '[127.0.0.1]:2222', knownHostsFile: '/home/op/.ssh/known_hosts', hashed: false, certificateAuthorityAt: null },
};
const passphrase: PromptQuestion = { kind: 'passphrase', host, details: { keyPath: '/home/op/.ssh/id_ed25519', attempt: 1 } };

/** The renderer's Backend over main's real facade with a real broker; `connection` drives onConnectionChange. */
function inProcess() {
  const listeners = new Set<(state: ConnectionState) => void>();
  // While "disconnected", events are lost (as over a dropped WebSocket).
  let online = true;
  const { broker, service } = promptingService({ hasAnswerer: () => true });
  const calls: { channel: string; args: unknown }[] = [];
  const backend: Backend = {
    kind: 'web',
    async call(channel: Channel, args: unknown) {
      calls.push({ channel, args });
      const result = await service.call(channel, args, { transport: 'in-process' });
      if (!result.ok) throw new BackendError(result.error.code, result.error.message);
      return result.value as never;
    },
    subscribe(event, listener) {
      return service.subscribe((name, payload) => {
        if (name === event && online) listener(payload as never);
      });
    },
    openConsole: () => Promise.reject(new BackendError('unavailable', 'No consoles in the prompt tests')),
    onConnectionChange(listener) {
      listeners.add(listener);
      listener({ status: 'connected' });
      return () => listeners.delete(listener);
    },
    close: () => undefined,
  };
  const setConnection = (state: ConnectionState) => {
    online = state.status === 'connected';
    for (const listener of listeners) listener(state);
  };
  return { broker, backend, calls, setConnection };
}

/** Ask a question through the broker (as a host connect would) and let React render it; `reply` settles once answered. */
async function ask(broker: PromptBroker, question: PromptQuestion): Promise<{ reply: Promise<PromptReply> }> {
  let reply!: Promise<PromptReply>;
  await act(async () => {
    reply = broker.ask(question);
  });
  // Wrapped: an async function returning the bare promise would wait for the answer itself.
  return { reply };
}

beforeEach(() => usePromptsStore.setState({ prompts: [], answering: null, errors: {} }));
afterEach(() => cleanup());

describe('SSH prompt dialogs', () => {
  it('shows an unknown host key with its type and fingerprint, focused on Refuse; Trust answers and closes it', async () => {
    const { broker, backend } = inProcess();
    setBackend(backend);
    render(createElement(SshPromptHost));
    const { reply } = await ask(broker, hostKey);

    const dialog = await screen.findByTestId(promptTestIds.dialog);
    expect(dialog.getAttribute('data-kind')).toBe('host-key');
    expect(screen.getByRole('heading').textContent).toBe('Trust the host key of lab1?');
    expect(screen.getByTestId(promptTestIds.fingerprint).textContent).toBe(FINGERPRINT);
    expect(screen.getByTestId(promptTestIds.keyType).textContent).toBe('ssh-ed25519');
    expect(screen.getByTestId(promptTestIds.knownHostsFile).textContent).toBe('/home/op/.ssh/known_hosts');
    expect(dialog.textContent).toContain('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    expect(document.activeElement).toBe(screen.getByTestId(promptTestIds.refuse));

    await act(async () => {
      fireEvent.click(screen.getByTestId(promptTestIds.accept));
    });
    await expect(reply).resolves.toEqual({ given: true, secret: null });
    expect(screen.queryByTestId(promptTestIds.dialog)).toBeNull();
  });

  it('keeps Tab inside the dialog, and Escape refuses', async () => {
    const { broker, backend } = inProcess();
    setBackend(backend);
    render(createElement(SshPromptHost));
    const { reply } = await ask(broker, hostKey);
    const dialog = await screen.findByTestId(promptTestIds.dialog);
    const refuse = screen.getByTestId(promptTestIds.refuse);
    const accept = screen.getByTestId(promptTestIds.accept);
    accept.focus();
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(refuse);
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(accept);

    await act(async () => {
      fireEvent.keyDown(dialog, { key: 'Escape' });
    });
    await expect(reply).resolves.toEqual({ given: false, reason: 'refused in the app' });
    expect(screen.queryByTestId(promptTestIds.dialog)).toBeNull();
  });

  it('sends a passphrase straight from the input: the input is cleared and no store holds it', async () => {
    const { broker, backend, calls } = inProcess();
    setBackend(backend);
    render(createElement(SshPromptHost));
    const { reply } = await ask(broker, passphrase);
    await screen.findByTestId(promptTestIds.dialog);
    expect(screen.getByRole('heading').textContent).toBe('Passphrase for lab1');
    const input = screen.getByTestId(promptTestIds.secret) as HTMLInputElement;
    expect(input.type).toBe('password');
    expect(document.activeElement).toBe(input);

    fireEvent.change(input, { target: { value: 'correct horse' } });
    expect(JSON.stringify(usePromptsStore.getState())).not.toContain('correct horse');
    await act(async () => {
      fireEvent.click(screen.getByTestId(promptTestIds.accept));
    });
    await expect(reply).resolves.toEqual({ given: true, secret: 'correct horse' });
    expect(input.value).toBe('');
    expect(JSON.stringify(usePromptsStore.getState())).not.toContain('correct horse');
    expect(calls.filter((c) => c.channel === 'prompts.answer')).toEqual([{ channel: 'prompts.answer', args: { id: expect.any(String) as unknown, accept: true, secret: 'correct horse' } }]);
    expect(screen.queryByTestId(promptTestIds.dialog)).toBeNull();
  });

  it('shows the next prompt once one is answered, with how many wait', async () => {
    const { broker, backend } = inProcess();
    setBackend(backend);
    render(createElement(SshPromptHost));
    await ask(broker, hostKey);
    await ask(broker, passphrase);
    expect((await screen.findByTestId(promptTestIds.queue)).textContent).toBe('1 of 2 prompts');
    expect(screen.getByTestId(promptTestIds.dialog).getAttribute('data-kind')).toBe('host-key');
    await act(async () => {
      fireEvent.click(screen.getByTestId(promptTestIds.refuse));
    });
    expect(screen.getByTestId(promptTestIds.dialog).getAttribute('data-kind')).toBe('passphrase');
    expect(screen.queryByTestId(promptTestIds.queue)).toBeNull();
  });

  it('closes a prompt another window answered first; after a reconnect it shows what is still open', async () => {
    const { broker, backend, setConnection } = inProcess();
    setBackend(backend);
    render(createElement(SshPromptHost));
    const { reply } = await ask(broker, hostKey);
    await screen.findByTestId(promptTestIds.dialog);
    const [prompt] = broker.list();
    await act(async () => {
      broker.answer({ id: prompt!.id, accept: true });
    });
    await expect(reply).resolves.toMatchObject({ given: true });
    expect(screen.queryByTestId(promptTestIds.dialog)).toBeNull();

    // Asked while this window was disconnected: the event was missed, the reload on reconnect brings it.
    setConnection({ status: 'reconnecting', attempt: 1, retryAt: 0, error: 'gone' });
    void broker.ask(passphrase);
    expect(usePromptsStore.getState().prompts).toHaveLength(0);
    await act(async () => {
      setConnection({ status: 'connected' });
    });
    expect((await screen.findByTestId(promptTestIds.dialog)).getAttribute('data-kind')).toBe('passphrase');
  });
});
