/** Expansion of `%x` tokens, `${VAR}` and `~` as OpenSSH 9.2 does it (misc.c). */

/** Values for `%` tokens, by token letter. */
export type TokenValues = Readonly<Record<string, string>>;

/** Why an expansion failed, in OpenSSH's words. */
export class ExpansionError extends Error {
  override readonly name = 'ExpansionError';
}

/**
 * `percent_dollar_expand` (or `percent_expand` when `env` is null): `%%` is `%`, `%x` a known token (an
 * unknown one is an error), and with `env`, `${VAR}` the variable (an undefined one is an error).
 */
export function expandTokens(text: string, tokens: TokenValues, env: ((name: string) => string | undefined) | null): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (env !== null && c === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) throw new ExpansionError(`environment variable '${text.slice(i + 2)}' missing closing '}'`);
      const name = text.slice(i + 2, close);
      if (name === '') throw new ExpansionError('zero-length environment variable');
      const value = env(name);
      if (value === undefined) throw new ExpansionError(`env var \${${name}} has no value`);
      out += value;
      i = close;
      continue;
    }
    if (c !== '%') {
      out += c;
      continue;
    }
    const key = text[++i];
    if (key === '%') out += '%';
    else if (key === undefined) throw new ExpansionError('invalid format');
    else if (Object.hasOwn(tokens, key)) out += tokens[key];
    else throw new ExpansionError(`unknown key %${key}`);
  }
  return out;
}

/** `dollar_expand`: `${VAR}` only; null when a variable is undefined or the syntax is bad. */
export function dollarExpand(text: string, env: (name: string) => string | undefined): string | null {
  try {
    return expandTokens(text.replace(/%/g, '%%'), {}, env);
  } catch {
    return null;
  }
}

/**
 * `tilde_expand`: `~`, `~/path`, `~user`, `~user/path` → that home folder (with one `/` after it); other
 * paths unchanged. Null when the user is unknown.
 */
export function expandTilde(path: string, homeDir: string, userHome: (name: string) => string | null): string | null {
  if (!path.startsWith('~')) return path;
  const rest = path.slice(1);
  let home: string | null;
  let tail: string;
  if (rest === '' || rest.startsWith('/')) {
    home = homeDir;
    tail = rest.replace(/^\/+/, '');
  } else {
    const slash = rest.indexOf('/');
    home = userHome(slash < 0 ? rest : rest.slice(0, slash));
    tail = slash < 0 ? '' : rest.slice(slash + 1).replace(/^\/+/, '');
  }
  if (home === null) return null;
  return `${home}${home.endsWith('/') && home !== '' ? '' : '/'}${tail}`;
}
