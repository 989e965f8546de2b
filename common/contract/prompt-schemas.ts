// SSH prompts: what main asks the operator while it connects to a host (trust this host key? the passphrase of this
// key? the password?), and how the UI answers. Payload schemas only; the channels and events are in channels.ts.
import { z } from 'zod';
import { PROMPT_SECRET_MAX } from './prompt-limits';

/** What a prompt asks for. */
export const PromptKindSchema = z.enum(['host-key', 'passphrase', 'password']);

/** The host being connected to: its inventory name (null outside the inventory) and `user@host:port`. */
export const PromptHostSchema = z.object({
  name: z.string().nullable(),
  address: z.string(),
});

const promptBase = {
  /** Random id; the answer names it. */
  id: z.string(),
  host: PromptHostSchema,
  /** ISO times: when main asked, and when it stops waiting (the answer is then "no"). */
  requestedAt: z.string(),
  expiresAt: z.string(),
};

/** An unknown host key: trust it (it is recorded in `knownHostsFile`) or refuse. A changed key is never asked about. */
export const HostKeyPromptSchema = z.object({
  ...promptBase,
  kind: z.literal('host-key'),
  details: z.object({
    /** e.g. `ssh-ed25519`. */
    keyType: z.string(),
    /** `SHA256:…`, as `ssh-keygen -l` prints it. */
    fingerprint: z.string(),
    /** The name it is recorded under: `host`, `[host]:port`, or a HostKeyAlias. */
    hostEntry: z.string(),
    knownHostsFile: z.string(),
    /** Whether the name is written hashed (ssh_config `HashKnownHosts yes`). */
    hashed: z.boolean(),
    /** `file:line` of a `@cert-authority` line for this host (its certificate cannot be checked here), or null. */
    certificateAuthorityAt: z.string().nullable(),
  }),
});

/** The passphrase of an encrypted private key; `attempt` counts from 1 (a wrong one is asked again, up to 3 times). */
export const PassphrasePromptSchema = z.object({
  ...promptBase,
  kind: z.literal('passphrase'),
  details: z.object({ keyPath: z.string(), attempt: z.number().int().positive() }),
});

/** A password, or one keyboard-interactive question (its text comes from the server). */
export const PasswordPromptSchema = z.object({
  ...promptBase,
  kind: z.literal('password'),
  details: z.object({
    method: z.enum(['password', 'keyboard-interactive']),
    prompt: z.string(),
    /** Whether the answer may be shown while typed (keyboard-interactive says so per question). */
    echo: z.boolean(),
    instructions: z.string().nullable(),
  }),
});

/** One open prompt (the `prompts.requested` event, and each row of `prompts.list`). */
export const PromptSchema = z.discriminatedUnion('kind', [HostKeyPromptSchema, PassphrasePromptSchema, PasswordPromptSchema]);

/** How a prompt ended: `accepted` (host key trusted), `answered` (secret given), `refused`, `expired` (no answer in time), `cancelled` (the connect was abandoned). */
export const PromptOutcomeSchema = z.enum(['accepted', 'answered', 'refused', 'expired', 'cancelled']);

/** `prompts.resolved`: a prompt is over, whichever window answered it (or none did). */
export const PromptResolvedSchema = z.object({ id: z.string(), outcome: PromptOutcomeSchema });

/**
 * `prompts.answer`: `accept: false` refuses (or cancels a secret prompt); `accept: true` trusts a host key (no
 * secret) or gives a secret (required for passphrase and password prompts; never trimmed, never stored).
 */
export const PromptAnswerArgsSchema = z.strictObject({
  id: z.string().min(1).max(64),
  accept: z.boolean(),
  secret: z.string().max(PROMPT_SECRET_MAX).optional(),
});

/** What an answer did. */
export const PromptAnswerResultSchema = z.object({ outcome: PromptOutcomeSchema });

/** An open prompt. */
export type Prompt = z.infer<typeof PromptSchema>;
/** What a prompt asks for. */
export type PromptKind = z.infer<typeof PromptKindSchema>;
/** How a prompt ended. */
export type PromptOutcome = z.infer<typeof PromptOutcomeSchema>;
/** The `prompts.resolved` payload. */
export type PromptResolved = z.infer<typeof PromptResolvedSchema>;
/** The host a prompt is about. */
export type PromptHost = z.infer<typeof PromptHostSchema>;
