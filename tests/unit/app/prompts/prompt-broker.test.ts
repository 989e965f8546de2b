// The prompt broker on a fake clock: who may answer, the first answer wins, timeouts, cancels, remembered refusals,
// and that nothing it publishes carries a secret.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Prompt, PromptResolved } from '../../../../common/contract/prompt-schemas';
import { ServiceError } from '../../../../main/api/errors';
import { PromptBroker, type PromptBrokerOptions, type PromptQuestion } from '../../../../main/app/prompts';

const host = { name: 'lab1', address: 'root@lab1.example:2222' };
const hostKey = (fingerprint = 'SHA256:abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ'): PromptQuestion => ({
  kind: 'host-key',
  host,
  details: { keyType: 'ssh-ed25519', fingerprint, hostEntry: '[lab1.example]:2222', knownHostsFile: '/home/op/.ssh/known_hosts', hashed: false, certificateAuthorityAt: null },
});
const passphrase: PromptQuestion = { kind: 'passphrase', host, details: { keyPath: '/home/op/.ssh/id_ed25519', attempt: 1 } };
const password: PromptQuestion = { kind: 'password', host, details: { method: 'password', prompt: 'Password for root@lab1.example:2222:', echo: false, instructions: null } };

/** A broker whose events land in arrays; `answerers` says how many windows are connected. */
function setup(options: Partial<PromptBrokerOptions> = {}) {
  const requested: Prompt[] = [];
  const resolved: PromptResolved[] = [];
  const state = { answerers: 1 };
  let ids = 0;
  const broker = new PromptBroker({
    publish: { requested: (p) => requested.push(p), resolved: (r) => resolved.push(r) },
    hasAnswerer: () => state.answerers > 0,
    newId: () => `prompt-${++ids}`,
    ...options,
  });
  return { broker, requested, resolved, state };
}

/** The ServiceError code `fn` throws. */
function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof ServiceError ? error.code : 'not a ServiceError';
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-02T03:04:05.000Z'));
});
afterEach(() => vi.useRealTimers());

describe('PromptBroker', () => {
  it('says no at once, asking nobody, when no window is connected (the CLI, web mode with no tab)', async () => {
    const { broker, requested, state } = setup();
    state.answerers = 0;
    await expect(broker.ask(hostKey())).resolves.toEqual({ given: false, reason: 'no window is open to ask' });
    expect(requested).toEqual([]);
    expect(broker.list()).toEqual([]);
  });

  it('publishes the question with an id and its deadline, and the first answer wins; the others see it over', async () => {
    const { broker, requested, resolved } = setup({ timeoutMs: 60_000 });
    const reply = broker.ask(hostKey());
    expect(requested).toEqual([{ ...hostKey(), id: 'prompt-1', requestedAt: '2026-01-02T03:04:05.000Z', expiresAt: '2026-01-02T03:05:05.000Z' }]);
    expect(broker.list()).toEqual(requested);

    expect(broker.answer({ id: 'prompt-1', accept: true })).toEqual({ outcome: 'accepted' });
    // A second window answers too late: refused with not_found, and nothing changes.
    expect(codeOf(() => broker.answer({ id: 'prompt-1', accept: false }))).toBe('not_found');
    await expect(reply).resolves.toEqual({ given: true, secret: null });
    expect(resolved).toEqual([{ id: 'prompt-1', outcome: 'accepted' }]);
    expect(broker.list()).toEqual([]);
  });

  it('expires a prompt nobody answers: the connect gets "no" with the reason, a late answer is refused', async () => {
    const { broker, resolved } = setup({ timeoutMs: 120_000 });
    const reply = broker.ask(passphrase);
    await vi.advanceTimersByTimeAsync(119_999);
    expect(broker.list()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(reply).resolves.toEqual({ given: false, reason: 'no answer within 120 s' });
    expect(resolved).toEqual([{ id: 'prompt-1', outcome: 'expired' }]);
    expect(codeOf(() => broker.answer({ id: 'prompt-1', accept: true, secret: 'late' }))).toBe('not_found');
    // An expired prompt is not a refusal: the next connect asks again.
    void broker.ask(passphrase);
    expect(broker.list()).toHaveLength(1);
  });

  it('cancels the prompt when the connect is abandoned (host removed, app closing), and on close()', async () => {
    const { broker, resolved } = setup();
    const controller = new AbortController();
    const abandoned = broker.ask(password, { signal: controller.signal });
    const other = broker.ask(hostKey());
    controller.abort();
    await expect(abandoned).resolves.toEqual({ given: false, reason: 'the connect was abandoned' });
    broker.close();
    await expect(other).resolves.toEqual({ given: false, reason: 'Virt Deck is shutting down' });
    expect(resolved).toEqual([
      { id: 'prompt-1', outcome: 'cancelled' },
      { id: 'prompt-2', outcome: 'cancelled' },
    ]);
    // Already abandoned: never published.
    const aborted = new AbortController();
    aborted.abort();
    await expect(broker.ask(hostKey(), { signal: aborted.signal })).resolves.toMatchObject({ given: false });
    expect(broker.list()).toEqual([]);
  });

  it('remembers a refusal, so a host retrying with backoff does not ask again for a while; another key is asked', async () => {
    const { broker, requested } = setup({ refusalMemoryMs: 600_000 });
    const first = broker.ask(hostKey());
    broker.answer({ id: 'prompt-1', accept: false });
    await expect(first).resolves.toEqual({ given: false, reason: 'refused in the app' });

    await expect(broker.ask(hostKey())).resolves.toEqual({ given: false, reason: 'refused in the app; not asked again before 2026-01-02T03:14:05.000Z' });
    expect(requested).toHaveLength(1);
    // A different key for the same host is a different question.
    void broker.ask(hostKey('SHA256:ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj'));
    expect(requested).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(600_000);
    void broker.ask(hostKey());
    expect(requested).toHaveLength(3);
  });

  it('hands the secret to the waiting connect only: the events and the list never carry it', async () => {
    const { broker, requested, resolved } = setup();
    const reply = broker.ask(password);
    expect(broker.answer({ id: 'prompt-1', accept: true, secret: 'correct horse' })).toEqual({ outcome: 'answered' });
    await expect(reply).resolves.toEqual({ given: true, secret: 'correct horse' });
    expect(JSON.stringify([requested, resolved, broker.list()])).not.toContain('correct horse');
    // An empty passphrase is a passphrase (and a cancel is `accept: false`).
    const empty = broker.ask(passphrase);
    broker.answer({ id: 'prompt-2', accept: true, secret: '' });
    await expect(empty).resolves.toEqual({ given: true, secret: '' });
  });

  it('refuses answers that do not fit the question, and keeps the prompt open', async () => {
    const { broker } = setup();
    void broker.ask(hostKey());
    void broker.ask(password);
    expect(codeOf(() => broker.answer({ id: 'prompt-1', accept: true, secret: 'x' }))).toBe('invalid_input');
    expect(codeOf(() => broker.answer({ id: 'prompt-2', accept: true }))).toBe('invalid_input');
    expect(codeOf(() => broker.answer({ id: 'nope', accept: true }))).toBe('not_found');
    expect(broker.list().map((p) => p.id)).toEqual(['prompt-1', 'prompt-2']);
  });

  it('refuses at once beyond the open-prompt limit', async () => {
    const { broker } = setup({ maxOpen: 2 });
    void broker.ask(hostKey('SHA256:1111111111111111111111111111111111111111111'));
    void broker.ask(hostKey('SHA256:2222222222222222222222222222222222222222222'));
    await expect(broker.ask(hostKey())).resolves.toEqual({ given: false, reason: 'too many prompts are open' });
  });

  it('says no when the question cannot be shown, rather than waiting for nothing', async () => {
    const resolved: PromptResolved[] = [];
    const { broker } = setup({
      publish: {
        requested: () => {
          throw new Error('Event prompts.requested has an invalid payload');
        },
        resolved: (r) => resolved.push(r),
      },
    });
    await expect(broker.ask(hostKey())).resolves.toEqual({ given: false, reason: 'the prompt could not be shown: Event prompts.requested has an invalid payload' });
    expect(resolved).toEqual([{ id: 'prompt-1', outcome: 'cancelled' }]);
    expect(broker.list()).toEqual([]);
  });
});
