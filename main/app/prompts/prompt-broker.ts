// The prompt broker: a host's connect needs a person (trust this host key? this key's passphrase? the password?),
// the broker publishes the question to every window, waits for the first answer, and says "no" at once when nobody
// can answer (no window, too many open prompts) or when nobody does in time. Secrets pass through and are forgotten.
import { randomUUID } from 'node:crypto';
import type { Prompt, PromptOutcome, PromptResolved } from '../../../common/contract/prompt-schemas';
import { ServiceError } from '../../api/errors';

/** `Omit` over each member of a union (the plain one would merge the members). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A question as the asker puts it; the broker adds the id and the times. */
export type PromptQuestion = OmitEach<Prompt, 'id' | 'requestedAt' | 'expiresAt'>;

/** What {@link PromptBroker.ask} resolves to: the answer, or why there is none. */
export type PromptReply =
  /** Accepted (a host key) or answered (`secret` for passphrase and password prompts, null for a host key). */
  | { readonly given: true; readonly secret: string | null }
  | { readonly given: false; readonly reason: string };

/** Where the broker announces prompts (the contract's `prompts.requested` and `prompts.resolved` events). */
export interface PromptPublisher {
  requested(prompt: Prompt): void;
  resolved(resolved: PromptResolved): void;
}

/** Options of {@link PromptBroker}. */
export interface PromptBrokerOptions {
  readonly publish: PromptPublisher;
  /** Whether a UI could answer now (a window or a web mode tab is connected); if not, the answer is "no" at once. */
  readonly hasAnswerer: () => boolean;
  /** How long a prompt waits for an answer (default 120 s); then it expires and the answer is "no". */
  readonly timeoutMs?: number;
  /** After the operator refuses, the same question gets "no" without asking for this long (default 10 min): a host retrying with backoff must not ask every minute. */
  readonly refusalMemoryMs?: number;
  /** Most prompts open at once (default 32); more are refused at once. */
  readonly maxOpen?: number;
  readonly now?: () => number;
  readonly newId?: () => string;
}

/** An answer from the UI (`prompts.answer`, already schema-checked: the secret is bounded). */
export interface PromptAnswer {
  readonly id: string;
  readonly accept: boolean;
  readonly secret?: string | undefined;
}

interface OpenPrompt {
  readonly prompt: Prompt;
  readonly refusalKey: string;
  settle(outcome: PromptOutcome, reply: PromptReply): void;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_REFUSAL_MEMORY_MS = 10 * 60_000;
const DEFAULT_MAX_OPEN = 32;

/**
 * Asks the operator through whichever windows are open. The first answer wins; every window hears that the prompt
 * is over (`prompts.resolved`). Nothing the operator types is kept: a secret is handed to the one waiting connect
 * and the broker drops its reference.
 */
export class PromptBroker {
  private readonly open = new Map<string, OpenPrompt>();
  /** Refused questions (by {@link refusalKey}) and until when they are refused without asking. */
  private readonly refusals = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: PromptBrokerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Put a question to the operator; resolves with the answer or why there is none. Never rejects. */
  ask(question: PromptQuestion, options: { readonly signal?: AbortSignal } = {}): Promise<PromptReply> {
    const { signal } = options;
    if (signal?.aborted === true) return Promise.resolve(declined('the connect was abandoned'));
    const key = refusalKey(question);
    const refusedUntil = this.refusals.get(key);
    if (refusedUntil !== undefined && refusedUntil > this.now()) {
      return Promise.resolve(declined(`refused in the app; not asked again before ${new Date(refusedUntil).toISOString()}`));
    }
    this.refusals.delete(key);
    if (!this.options.hasAnswerer()) return Promise.resolve(declined('no window is open to ask'));
    if (this.open.size >= (this.options.maxOpen ?? DEFAULT_MAX_OPEN)) return Promise.resolve(declined('too many prompts are open'));

    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const requestedAt = this.now();
    const prompt = { ...question, id: (this.options.newId ?? randomUUID)(), requestedAt: iso(requestedAt), expiresAt: iso(requestedAt + timeoutMs) } as Prompt;
    return new Promise<PromptReply>((resolve) => {
      const onAbort = () => entry.settle('cancelled', declined('the connect was abandoned'));
      const timer = setTimeout(() => entry.settle('expired', declined(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      timer.unref?.();
      const entry: OpenPrompt = {
        prompt,
        refusalKey: key,
        settle: (outcome, reply) => {
          if (this.open.get(prompt.id) !== entry) return;
          this.open.delete(prompt.id);
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.options.publish.resolved({ id: prompt.id, outcome });
          resolve(reply);
        },
      };
      this.open.set(prompt.id, entry);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        this.options.publish.requested(prompt);
      } catch (error) {
        entry.settle('cancelled', declined(`the prompt could not be shown: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  }

  /**
   * The operator's answer. Throws ServiceError `not_found` when the prompt is over (answered in another window,
   * expired, cancelled) and `invalid_input` when the answer does not fit the question.
   */
  answer(answer: PromptAnswer): { outcome: PromptOutcome } {
    const entry = this.open.get(answer.id);
    if (entry === undefined) {
      throw new ServiceError('not_found', 'This prompt is no longer open: it was answered (perhaps in another window), expired, or its connect was abandoned');
    }
    const kind = entry.prompt.kind;
    if (!answer.accept) {
      this.forgetOldRefusals();
      this.refusals.set(entry.refusalKey, this.now() + (this.options.refusalMemoryMs ?? DEFAULT_REFUSAL_MEMORY_MS));
      entry.settle('refused', declined(kind === 'host-key' ? 'refused in the app' : 'cancelled in the app'));
      return { outcome: 'refused' };
    }
    if (kind === 'host-key') {
      if (answer.secret !== undefined) throw new ServiceError('invalid_input', 'A host key prompt takes no secret: accept or refuse the key');
      entry.settle('accepted', { given: true, secret: null });
      return { outcome: 'accepted' };
    }
    if (answer.secret === undefined) throw new ServiceError('invalid_input', `This prompt needs the ${kind === 'passphrase' ? 'passphrase' : 'password'} (or refuse it)`);
    entry.settle('answered', { given: true, secret: answer.secret });
    return { outcome: 'answered' };
  }

  /** The prompts still open, oldest first (a window that opens later, or reloads, shows them). */
  list(): Prompt[] {
    return [...this.open.values()].map((entry) => entry.prompt);
  }

  /** Drop refusals whose time is over (they are otherwise dropped only when the same question comes back). */
  private forgetOldRefusals(): void {
    const now = this.now();
    for (const [key, until] of this.refusals) if (until <= now) this.refusals.delete(key);
  }

  /** Cancel every open prompt (the app is closing). */
  close(): void {
    for (const entry of [...this.open.values()]) entry.settle('cancelled', declined('Virt Deck is shutting down'));
  }
}

function declined(reason: string): PromptReply {
  return { given: false, reason };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** What makes two questions "the same" for remembering a refusal: never the attempt count or the time. */
function refusalKey(question: PromptQuestion): string {
  switch (question.kind) {
    case 'host-key':
      return JSON.stringify([question.kind, question.details.hostEntry, question.details.fingerprint, question.details.knownHostsFile]);
    case 'passphrase':
      return JSON.stringify([question.kind, question.host.address, question.details.keyPath]);
    case 'password':
      return JSON.stringify([question.kind, question.host.address, question.details.method]);
  }
}
