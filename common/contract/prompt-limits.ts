// Limits of the SSH prompt answers, without zod: the renderer imports them at run time (the input's maxLength).

/** Longest secret (password, passphrase) `prompts.answer` accepts; anything longer is refused by its schema. */
export const PROMPT_SECRET_MAX = 1024;
