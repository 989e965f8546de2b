import { stat } from 'node:fs/promises';
import type { AnyAuthMethod, AuthenticationType, AuthHandlerMiddleware, KeyboardInteractiveCallback, Prompt } from 'ssh2';
// ssh2 is CommonJS and Node's ESM loader cannot see its `utils` export by name (only Client and
// the agent classes): take it from the default export, which works under Node, tsx, vitest and esbuild.
import ssh2 from 'ssh2';
import { PRIVATE_KEY_FILE, readBoundedFile } from './bounded-file';
import { PromptDeclinedError, SshFileError, type AuthAttempt } from './errors';
import type { SshTarget } from './target';

/** Context for a password or keyboard-interactive prompt. */
export interface PasswordPrompt {
  readonly user: string;
  readonly host: string;
  readonly port: number;
  /** `password` or `keyboard-interactive` (e.g. PAM, one-time codes). */
  readonly kind: 'password' | 'keyboard-interactive';
  /** Whether the answer may be shown while typed (keyboard-interactive says per prompt). */
  readonly echo: boolean;
  /** Server-provided instructions, for keyboard-interactive. */
  readonly instructions?: string;
}

/**
 * Questions the UI answers during authentication; null (or no callback) means "don't know, skip", and
 * throwing PromptDeclinedError skips with its reason (recorded in SshAuthError). Answers are used for
 * this connect only and never kept.
 */
export interface SshAuthCallbacks {
  /** Asked for passwords and keyboard-interactive prompts; `prompt` is the text to show. */
  readonly askPassword?: (prompt: string, context: PasswordPrompt) => Promise<string | null>;
  /** Asked for the passphrase of an encrypted private key. `attempt` starts at 1. */
  readonly askPassphrase?: (keyPath: string, attempt: number) => Promise<string | null>;
}

/** Runs a user prompt with the connect timeout paused (a person may take longer than the network). */
export type WaitForUser = <T>(ask: () => Promise<T>) => Promise<T>;

const { utils } = ssh2;
const PROMPT_ATTEMPTS = 3;

/** ssh2 documents `false` as "stop, nothing left to try"; its typings forgot it. */
const NO_MORE_METHODS = false as unknown as AuthenticationType;

interface AuthStep {
  /** Server-side method this step uses (agent keys are `publickey` to the server). */
  readonly serverMethod: AuthenticationType;
  prepare(): Promise<AnyAuthMethod | null>;
}

/**
 * The order in which we authenticate, as an ssh2 `authHandler`: `none` (to learn what the server
 * accepts), explicit keys (URI `keyfile=`, then ssh_config IdentityFile), the ssh-agent, default keys
 * (only when none was named), keyboard-interactive, password. Each attempt is recorded for
 * `SshAuthError`.
 */
export class AuthSequence {
  /** What was tried (or skipped, with why), in order. */
  readonly attempts: AuthAttempt[] = [];
  /** Methods the server last said could continue; null until it said. */
  serverMethods: string[] | null = null;
  private readonly steps: AuthStep[];
  /** Contents of the named keys (`keyfile=`, IdentityFile), read before connecting; null = missing. */
  private readonly namedKeys = new Map<string, Buffer | null>();
  private index = 0;
  private userCancelled = false;

  constructor(
    private readonly target: SshTarget,
    private readonly callbacks: SshAuthCallbacks,
    private readonly waitForUser: WaitForUser,
  ) {
    this.steps = this.buildSteps();
  }

  /**
   * Reads the named keys up front, so a path that is not a regular file of at most 1 MiB fails the
   * connection at once with an SshFileError naming it (a missing one is only skipped, as OpenSSH does).
   */
  async loadNamedKeys(): Promise<void> {
    for (const path of this.target.identityFiles) this.namedKeys.set(path, await readBoundedFile(path, PRIVATE_KEY_FILE));
  }

  /** The ssh2 `authHandler` driving this sequence. */
  readonly handler: AuthHandlerMiddleware = (methodsLeft, _partial, next) => {
    if (methodsLeft) this.serverMethods = methodsLeft;
    this.nextMethod(methodsLeft).then(
      (method) => next(method ?? NO_MORE_METHODS),
      () => next(NO_MORE_METHODS),
    );
  };

  private async nextMethod(methodsLeft: AuthenticationType[] | null): Promise<AnyAuthMethod | null> {
    while (this.index < this.steps.length) {
      const step = this.steps[this.index++]!;
      if (methodsLeft && step.serverMethod !== 'none' && !methodsLeft.includes(step.serverMethod)) continue;
      const method = await step.prepare();
      if (method) return method;
    }
    return null;
  }

  private buildSteps(): AuthStep[] {
    const { user, agentSocket } = this.target;
    const steps: AuthStep[] = [{ serverMethod: 'none', prepare: async () => ({ type: 'none', username: user }) }];
    for (const path of this.target.identityFiles) steps.push(this.keyStep(path, true));
    if (agentSocket) steps.push({ serverMethod: 'publickey', prepare: () => this.agentMethod(agentSocket) });
    for (const path of this.target.defaultIdentityFiles) steps.push(this.keyStep(path, false));
    if (this.callbacks.askPassword) {
      for (let i = 0; i < PROMPT_ATTEMPTS; i++) steps.push({ serverMethod: 'keyboard-interactive', prepare: async () => this.keyboardMethod() });
      for (let i = 0; i < PROMPT_ATTEMPTS; i++) steps.push({ serverMethod: 'password', prepare: () => this.passwordMethod() });
    }
    return steps;
  }

  private keyStep(path: string, explicit: boolean): AuthStep {
    return { serverMethod: 'publickey', prepare: () => this.keyMethod(path, explicit) };
  }

  private async keyMethod(path: string, explicit: boolean): Promise<AnyAuthMethod | null> {
    const data = await this.readKey(path, explicit);
    if (!data) return null;
    const plain = utils.parseKey(data);
    if (!(plain instanceof Error)) {
      this.attempts.push({ method: 'publickey', detail: path });
      return { type: 'publickey', username: this.target.user, key: data };
    }
    if (!/no passphrase given/i.test(plain.message)) {
      this.skip('publickey', path, `not a usable private key (${plain.message})`);
      return null;
    }
    const passphrase = await this.askPassphrase(path, data);
    if (passphrase === null) return null;
    this.attempts.push({ method: 'publickey', detail: `${path} (decrypted)` });
    return { type: 'publickey', username: this.target.user, key: data, passphrase };
  }

  private async readKey(path: string, explicit: boolean): Promise<Buffer | null> {
    let data: Buffer | null | undefined = explicit ? this.namedKeys.get(path) : undefined;
    if (data === undefined) {
      try {
        data = await readBoundedFile(path, PRIVATE_KEY_FILE);
      } catch (err) {
        this.skip('publickey', path, err instanceof SshFileError ? err.reason : (err as Error).message);
        return null;
      }
    }
    // A default key that does not exist is normal; a named one that does not is worth saying.
    if (!data && explicit) this.skip('publickey', path, 'cannot read it (ENOENT)');
    return data;
  }

  private async askPassphrase(path: string, data: Buffer): Promise<string | null> {
    const ask = this.callbacks.askPassphrase;
    if (!ask || this.userCancelled) {
      this.skip('publickey', path, 'encrypted, and no passphrase was given');
      return null;
    }
    for (let attempt = 1; attempt <= PROMPT_ATTEMPTS; attempt++) {
      let passphrase: string | null;
      try {
        passphrase = await this.waitForUser(() => ask(path, attempt));
      } catch (error) {
        if (!(error instanceof PromptDeclinedError)) throw error;
        // Nobody to ask (or nobody answered): asking again, for this key or another, would say the same.
        this.userCancelled = true;
        this.skip('publickey', path, `passphrase not given: ${error.reason}`);
        return null;
      }
      if (passphrase === null) {
        this.skip('publickey', path, 'passphrase prompt cancelled');
        return null;
      }
      // Check locally: ssh2 would silently skip a key it cannot decrypt.
      if (!(utils.parseKey(data, passphrase) instanceof Error)) return passphrase;
    }
    this.skip('publickey', path, `wrong passphrase ${PROMPT_ATTEMPTS} times`);
    return null;
  }

  private async agentMethod(socket: string): Promise<AnyAuthMethod | null> {
    try {
      if (!(await stat(socket)).isSocket()) throw new Error('not a socket');
    } catch (err) {
      this.skip('agent', socket, `agent socket unusable (${(err as Error).message})`);
      return null;
    }
    this.attempts.push({ method: 'agent', detail: `ssh-agent at ${socket}` });
    return { type: 'agent', username: this.target.user, agent: socket };
  }

  private keyboardMethod(): AnyAuthMethod | null {
    const ask = this.callbacks.askPassword;
    if (!ask || this.userCancelled) return null;
    this.attempts.push({ method: 'keyboard-interactive', detail: 'prompt' });
    const prompt = (_name: string, instructions: string, _lang: string, prompts: Prompt[], finish: KeyboardInteractiveCallback) => {
      void this.answerPrompts(instructions, prompts).then(finish);
    };
    return { type: 'keyboard-interactive', username: this.target.user, prompt };
  }

  private async answerPrompts(instructions: string, prompts: Prompt[]): Promise<string[]> {
    const answers: string[] = [];
    for (const p of prompts) {
      const answer = this.userCancelled ? null : await this.ask(p.prompt, 'keyboard-interactive', p.echo === true, instructions);
      if (answer === null) break;
      answers.push(answer);
    }
    return answers;
  }

  private async passwordMethod(): Promise<AnyAuthMethod | null> {
    if (this.userCancelled) return null;
    const { user, host, port } = this.target;
    const password = await this.ask(`Password for ${user}@${host}:${port}:`, 'password', false);
    if (password === null) return null;
    this.attempts.push({ method: 'password', detail: 'prompt' });
    return { type: 'password', username: user, password };
  }

  private async ask(prompt: string, kind: PasswordPrompt['kind'], echo: boolean, instructions?: string): Promise<string | null> {
    const ask = this.callbacks.askPassword;
    if (!ask) return null;
    const { user, host, port } = this.target;
    const context: PasswordPrompt = { user, host, port, kind, echo, ...(instructions ? { instructions } : {}) };
    let declined = 'cancelled by the user';
    const answer = await this.waitForUser(() => ask(prompt, context)).catch((error: unknown) => {
      if (error instanceof PromptDeclinedError) declined = error.reason;
      return null;
    });
    if (answer === null) {
      this.userCancelled = true;
      this.skip(kind, 'prompt', declined);
    }
    return answer;
  }

  private skip(method: string, detail: string, why: string): void {
    this.attempts.push({ method, detail, skipped: why });
  }
}
