/** One IdentityFile or CertificateFile as written, and whether it came from a user (not the system) file. */
export interface ConfiguredFile {
  readonly path: string;
  readonly userProvided: boolean;
}

/** Most files of one kind OpenSSH accepts (SSH_MAX_IDENTITY_FILES, SSH_MAX_CERTIFICATE_FILES, SSH_MAX_HOSTS_FILES). */
export const MAX_IDENTITY_FILES = 100;
export const MAX_HOSTS_FILES = 32;
export const MAX_CANON_DOMAINS = 32;

/**
 * What the config files set so far, OpenSSH-style: the first value of a keyword wins (later lines only
 * fill what is still unset); IdentityFile and CertificateFile accumulate without duplicates.
 */
export class SshOptions {
  private readonly values = new Map<string, unknown>();
  readonly identityFiles: ConfiguredFile[] = [];
  readonly certificateFiles: ConfiguredFile[] = [];
  /** file:line of the line that set each keyword (for messages). */
  private readonly origins = new Map<string, string>();

  /** Set `key` unless already set; returns whether it was. */
  setFirst(key: string, value: unknown, where: string): boolean {
    if (this.values.has(key)) return false;
    this.values.set(key, value);
    this.origins.set(key, where);
    return true;
  }

  /** Overwrite (only for what ssh.c itself rewrites between passes, e.g. the canonical host name). */
  replace(key: string, value: unknown): void {
    this.values.set(key, value);
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  string(key: string): string | undefined {
    const v = this.values.get(key);
    return typeof v === 'string' ? v : undefined;
  }

  number(key: string): number | undefined {
    const v = this.values.get(key);
    return typeof v === 'number' ? v : undefined;
  }

  strings(key: string): readonly string[] | undefined {
    const v = this.values.get(key);
    return Array.isArray(v) ? (v as string[]) : undefined;
  }

  /** Where `key` was set, `file:line`. */
  origin(key: string): string | undefined {
    return this.origins.get(key);
  }

  /** Keywords set so far. */
  keys(): string[] {
    return [...this.values.keys()];
  }

  /** Adds a file unless the same path from the same kind of file is already listed (OpenSSH's de-duplication). */
  addFile(list: ConfiguredFile[], file: ConfiguredFile): void {
    if (!list.some((f) => f.path === file.path && f.userProvided === file.userProvided)) list.push(file);
  }
}
