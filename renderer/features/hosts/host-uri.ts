// A libvirt URI and the small form that edits it (driver, transport, user, host, port, path), both ways. Main checks
// the URI again when it is saved; this only keeps the form and the text in step and names obvious mistakes early.

/** The transports a libvirt URI names after `+` (none: the local socket for an empty host, else TLS). */
export const URI_TRANSPORTS = ['', 'ssh', 'libssh2', 'libssh', 'tls', 'tcp', 'unix'] as const;

/** A transport of {@link URI_TRANSPORTS}. */
export type UriTransport = (typeof URI_TRANSPORTS)[number];

/** A libvirt URI split into what the form shows; `query` (keyfile=…, known_hosts=…) is kept as written. */
export interface UriParts {
  readonly driver: string;
  readonly transport: UriTransport;
  readonly user: string;
  readonly host: string;
  /** Digits, or empty for the transport's default. */
  readonly port: string;
  /** `/system`, `/session`, `/default`. */
  readonly path: string;
  /** With its leading `?`, or empty. */
  readonly query: string;
}

const URI = /^([A-Za-z][A-Za-z0-9]*)(?:\+([A-Za-z0-9]+))?:\/\/(?:([^@/?]*)@)?(\[[^\]]*\]|[^:/?]*)(?::([^/?]*))?(\/[^?]*)?(\?.*)?$/;

/** Split a URI into the form's fields, or null when it is not of the `driver[+transport]://[user@]host[:port]/path` shape. */
export function parseUri(uri: string): UriParts | null {
  const match = URI.exec(uri.trim());
  if (match === null) return null;
  const transport = (match[2] ?? '').toLowerCase();
  if (!(URI_TRANSPORTS as readonly string[]).includes(transport)) return null;
  return {
    driver: match[1] ?? '',
    transport: transport as UriTransport,
    user: match[3] ?? '',
    host: match[4] ?? '',
    port: match[5] ?? '',
    path: match[6] ?? '',
    query: match[7] ?? '',
  };
}

/** The URI the form's fields make. */
export function buildUri(parts: UriParts): string {
  const scheme = parts.transport === '' ? parts.driver : `${parts.driver}+${parts.transport}`;
  const user = parts.user === '' ? '' : `${parts.user}@`;
  const port = parts.port === '' ? '' : `:${parts.port}`;
  return `${scheme}://${user}${parts.host}${port}${parts.path}${parts.query}`;
}

/** What is wrong with the form's fields, field by field (empty: nothing the form can tell). */
export function uriPartsProblems(parts: UriParts): Partial<Record<keyof UriParts, string>> {
  const problems: Partial<Record<keyof UriParts, string>> = {};
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(parts.driver)) problems.driver = 'A driver such as qemu';
  if (parts.port !== '' && !(/^\d{1,5}$/.test(parts.port) && Number(parts.port) >= 1 && Number(parts.port) <= 65_535)) problems.port = 'A port is 1-65535';
  if (/[@/?\s]/.test(parts.user)) problems.user = "A user name has no '@', '/', '?' or spaces";
  if (/[/?@\s]/.test(parts.host)) problems.host = "A host name has no '/', '?', '@' or spaces";
  const remote = parts.transport !== '' && parts.transport !== 'unix';
  if (remote && parts.host === '') problems.host = `The ${parts.transport} transport needs a host`;
  if (!parts.path.startsWith('/')) problems.path = 'A path such as /system';
  return problems;
}
