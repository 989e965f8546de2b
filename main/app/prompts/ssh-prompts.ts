// The SSH layer's prompt callbacks (acceptUnknownHostKey, askPassphrase, askPassword) answered through the broker,
// and the host connector that gives every host session its own set, naming the host.
import type { PromptHost } from '../../../common/contract/prompt-schemas';
import { uriConnector, type HostConnector } from '../../hosts';
import type { ConnectLibvirtOptions } from '../../libvirt';
import { parseLibvirtUri } from '../../libvirt/transport';
import { PromptDeclinedError, type SshConnectOptions } from '../../ssh';
import type { PromptBroker, PromptQuestion } from './prompt-broker';

/** The prompt callbacks of one connect. */
export type SshPromptCallbacks = Required<Pick<SshConnectOptions, 'acceptUnknownHostKey' | 'askPassphrase' | 'askPassword'>>;

/** Longest server-provided text (keyboard-interactive prompt, instructions) shown in a prompt. */
const SERVER_TEXT_MAX = 1024;

/**
 * Callbacks that put each question to the operator through `broker`. "No" (refused, nobody to ask, no answer in
 * time, the connect abandoned through `signal`) becomes a PromptDeclinedError carrying the reason, which the SSH
 * layer reports in its error: UnknownHostKeyError, or the skipped method in SshAuthError.
 */
export function sshPromptCallbacks(broker: PromptBroker, host: PromptHost, signal?: AbortSignal): SshPromptCallbacks {
  const ask = async (question: PromptQuestion): Promise<string | null> => {
    const reply = await broker.ask(question, signal === undefined ? {} : { signal });
    if (!reply.given) throw new PromptDeclinedError(reply.reason);
    return reply.secret;
  };
  return {
    acceptUnknownHostKey: async (hostKey, context) => {
      await ask({
        kind: 'host-key',
        host,
        details: {
          keyType: hostKey.keyType,
          fingerprint: hostKey.fingerprint,
          hostEntry: hostKey.hostEntry,
          knownHostsFile: context.knownHostsFile,
          hashed: context.hashed,
          certificateAuthorityAt: context.certificateAuthorityAt,
        },
      });
      return true;
    },
    askPassphrase: (keyPath, attempt) => ask({ kind: 'passphrase', host, details: { keyPath, attempt } }),
    askPassword: (prompt, context) =>
      ask({
        kind: 'password',
        host: { name: host.name, address: `${context.user}@${context.host}:${context.port}` },
        details: { method: context.kind, prompt: bounded(prompt), echo: context.echo, instructions: context.instructions === undefined ? null : bounded(context.instructions) },
      }),
  };
}

/**
 * The app's host connector: dial the host's URI with prompts through `broker`, naming the inventory host; the
 * session's signal (host removed, app closing) cancels an open prompt.
 */
export function promptingConnector(broker: PromptBroker, options: Omit<ConnectLibvirtOptions, 'signal'> = {}): HostConnector {
  return (host, signal) => uriConnector({ ...options, ...sshPromptCallbacks(broker, { name: host.name, address: addressOf(host.uri) }, signal) })(host, signal);
}

/** `user@host:port` as the URI says it (the user and port ssh_config adds are in each prompt's details). */
function addressOf(uri: string): string {
  try {
    const { user, host, port } = parseLibvirtUri(uri);
    return `${user === null ? '' : `${user}@`}${host ?? 'localhost'}${port === null ? '' : `:${port}`}`;
  } catch {
    return uri;
  }
}

function bounded(text: string): string {
  return text.length > SERVER_TEXT_MAX ? `${text.slice(0, SERVER_TEXT_MAX)}…` : text;
}
