/** Base class of every error the SSH layer raises, so callers can tell SSH trouble from RPC trouble. */
export class SshError extends Error {
  override readonly name: string = 'SshError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Facts about a server's host key, shared by the host-key errors and the UI's "trust this host?" prompt. */
export interface HostKeyInfo {
  /** Name the key was looked up under, as written in known_hosts: `host` or `[host]:port`. */
  readonly hostEntry: string;
  readonly host: string;
  readonly port: number;
  /** Key type from the key blob, e.g. `ssh-ed25519`. */
  readonly keyType: string;
  /** OpenSSH-style fingerprint, `SHA256:` + unpadded base64 of the blob's SHA-256. */
  readonly fingerprint: string;
  /** The key blob in base64, ready for a known_hosts line. */
  readonly publicKeyBase64: string;
}

/**
 * The server presented a host key that no known_hosts file lists for it. The app asks the operator
 * (`acceptUnknownHostKey`), who may trust it — then it is recorded and the connect goes on; this error
 * means nobody did: the message names the key, why it was not accepted, and how to trust it.
 */
export class UnknownHostKeyError extends SshError {
  override readonly name = 'UnknownHostKeyError';
  constructor(
    readonly hostKey: HostKeyInfo,
    /** known_hosts files that were searched. */
    readonly knownHostsFiles: readonly string[],
    /**
     * `file:line` of a `@cert-authority` line covering this host: the host is meant to prove itself
     * with a certificate, which we cannot check, so its plain key is never accepted without asking.
     */
    readonly certificateAuthorityAt: string | null = null,
    /** Why nobody accepted it, when someone was to be asked: "refused", "no window is open to ask", … */
    readonly declined: string | null = null,
    /** Whether the app may ask about this host at all (not with ssh_config `StrictHostKeyChecking yes`). */
    readonly askable: boolean = true,
  ) {
    const ca = certificateAuthorityAt
      ? `; ${certificateAuthorityAt} says this host's keys are signed by a certificate authority, but host certificates cannot be checked here: record the host's own key in known_hosts to trust it`
      : '';
    const why = declined === null ? '' : ` (${declined})`;
    const where = knownHostsFiles[0] ?? 'known_hosts';
    super(
      `Unknown host key ${hostKey.fingerprint} (${hostKey.keyType}) for ${hostKey.hostEntry}${why} — ${askable ? 'accept it in the app or ' : ''}add it to ${where}${ca}. ` +
        `Searched: ${knownHostsFiles.join(', ') || '(no known_hosts file)'}`,
    );
  }
}

/**
 * The server's host key differs from a key recorded for it, of the same type or not (OpenSSH calls both
 * "changed"). Never accepted, in no mode: either the host was reinstalled or someone is intercepting
 * the connection.
 */
export class HostKeyMismatchError extends SshError {
  override readonly name = 'HostKeyMismatchError';
  constructor(
    readonly hostKey: HostKeyInfo,
    /** Where the conflicting trusted key is recorded, e.g. `/root/.ssh/known_hosts:12`. */
    readonly recordedAt: string,
    /** Fingerprint of the recorded key. */
    readonly expectedFingerprint: string,
    /** Type of the recorded key (may differ from the presented one: that is a change too). */
    readonly expectedKeyType: string = hostKey.keyType,
  ) {
    super(
      `WARNING: HOST KEY OF ${hostKey.hostEntry} HAS CHANGED. Someone may be intercepting the connection ` +
        `(or the host was reinstalled). Presented ${hostKey.keyType} ${hostKey.fingerprint}, but ` +
        `${recordedAt} records ${expectedKeyType} ${expectedFingerprint}. Refusing to connect; remove the old key from ` +
        `${recordedAt.replace(/:\d+$/, '')} only if you know why it changed.`,
    );
  }
}

/** The server presented a key that a known_hosts `@revoked` line names. */
export class HostKeyRevokedError extends SshError {
  override readonly name = 'HostKeyRevokedError';
  constructor(
    readonly hostKey: HostKeyInfo,
    readonly recordedAt: string,
  ) {
    super(`The host key of ${hostKey.hostEntry} (${hostKey.keyType} ${hostKey.fingerprint}) is revoked by ${recordedAt}; refusing to connect.`);
  }
}

/** One authentication attempt, for error messages and logs (no secrets). */
export interface AuthAttempt {
  /** `publickey`, `agent`, `keyboard-interactive`, `password` or `none`. */
  readonly method: string;
  /** What was used: a key path, "ssh-agent", "prompt". */
  readonly detail: string;
  /** Why it was skipped without asking the server, if it was (e.g. "passphrase not given"). */
  readonly skipped?: string;
}

/** The server refused every authentication method we could offer. */
export class SshAuthError extends SshError {
  override readonly name = 'SshAuthError';
  constructor(
    readonly user: string,
    readonly host: string,
    readonly port: number,
    readonly attempts: readonly AuthAttempt[],
    /** Methods the server said it would accept, when it said. */
    readonly serverMethods: readonly string[] | null,
  ) {
    const tried = attempts.length
      ? attempts.map((a) => `${a.method} (${a.detail}${a.skipped ? `: skipped, ${a.skipped}` : ''})`).join(', ')
      : 'nothing (no key, agent or prompt available)';
    const server = serverMethods ? `; the server accepts: ${serverMethods.join(', ')}` : '';
    super(`SSH authentication as ${user}@${host}:${port} failed. Tried: ${tried}${server}`);
  }
}

/** TCP connect, handshake or authentication did not finish (refused, unreachable, timed out, aborted). */
export class SshConnectError extends SshError {
  override readonly name = 'SshConnectError';
}

/** The SSH connection died (server gone, keepalive timeout, closed locally) while channels were open. */
export class SshConnectionLostError extends SshError {
  override readonly name = 'SshConnectionLostError';
}

/** The server refused to open a channel (exec, forward) on an otherwise working connection. */
export class SshChannelError extends SshError {
  override readonly name = 'SshChannelError';
}

/** "exited with status 3", "was killed by signal KILL", "ended without an exit status". */
function exitText(exitCode: number | null, signal: string | null): string {
  if (signal) return `was killed by signal ${signal}`;
  return exitCode === null ? 'ended without an exit status' : `exited with status ${exitCode}`;
}

/** The remote command exited unsuccessfully; its stderr is the explanation. */
export class RemoteCommandError extends SshError {
  override readonly name: string = 'RemoteCommandError';
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly signal: string | null,
    readonly stderr: string,
    where: string,
  ) {
    const how = exitText(exitCode, signal);
    const text = stderr.trim();
    super(`Remote command on ${where} ${how}${text ? `: ${text}` : ' (no error output)'}`);
  }
}

/**
 * The remote helper that should carry libvirt's RPC (virt-ssh-helper or nc) ended before it said a
 * single byte and without an error message: it could not be started. Typical causes: a forced
 * command in authorized_keys, a restricted or broken login shell.
 */
export class RemoteHelperNotStartedError extends RemoteCommandError {
  override readonly name = 'RemoteHelperNotStartedError';
  constructor(helper: string, command: string, exitCode: number | null, signal: string | null, where: string) {
    super(command, exitCode, signal, '', where);
    this.message =
      `${helper} could not be started on ${where}: the remote command ${exitText(exitCode, signal)} at once, with no output and no error message ` +
      '(a forced command in authorized_keys or a restricted login shell does this)';
  }
}

/** A key or known_hosts path that is not a regular file of sane size (or cannot be read at all). */
export class SshFileError extends SshError {
  override readonly name = 'SshFileError';
  constructor(
    readonly path: string,
    /** "known_hosts file", "SSH key file". */
    readonly what: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot use ${what} ${path}: ${reason}`, options);
  }
}

/**
 * A prompt callback (`acceptUnknownHostKey`, `askPassphrase`, `askPassword`) throws this to say no
 * with a reason the error reports — "no window is open to ask", "no answer within 120 s" — rather
 * than a bare cancel.
 */
export class PromptDeclinedError extends SshError {
  override readonly name = 'PromptDeclinedError';
  constructor(
    readonly reason: string,
    /** False when asking is ruled out for this host (ssh_config `StrictHostKeyChecking yes`), not just unanswered now. */
    readonly askable: boolean = true,
  ) {
    super(`Prompt declined: ${reason}`);
  }
}

/** An SSH client configuration we cannot honour (e.g. ProxyJump), named precisely rather than ignored. */
export class SshConfigError extends SshError {
  override readonly name = 'SshConfigError';
}
