// Test ids of the SSH prompt dialogs (tests and components import the same names).

/** Test ids of the SSH prompt dialog. */
export const promptTestIds = {
  /** The dialog; its `data-kind` is the prompt's kind. */
  dialog: 'ssh-prompt',
  host: 'ssh-prompt-host',
  keyType: 'ssh-prompt-key-type',
  fingerprint: 'ssh-prompt-fingerprint',
  knownHostsFile: 'ssh-prompt-known-hosts',
  secret: 'ssh-prompt-secret',
  /** Trust the key, or send the secret. */
  accept: 'ssh-prompt-accept',
  /** Refuse the key, or cancel the secret prompt (Escape does the same). */
  refuse: 'ssh-prompt-refuse',
  error: 'ssh-prompt-error',
  /** "1 of 3" when several prompts wait. */
  queue: 'ssh-prompt-queue',
} as const;
