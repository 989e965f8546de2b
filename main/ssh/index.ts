export { AuthSequence, type PasswordPrompt, type SshAuthCallbacks } from './auth';
export { ChannelStream, ExecStream, type ExitInfo } from './channel-stream';
export { SshConnection, type ChannelOptions, type ExecOptions, type SshConnectionEvents } from './connection';
export {
  HostKeyMismatchError,
  HostKeyRevokedError,
  PromptDeclinedError,
  RemoteCommandError,
  RemoteHelperNotStartedError,
  SshAuthError,
  SshChannelError,
  SshConfigError,
  SshConnectError,
  SshConnectionLostError,
  SshError,
  SshFileError,
  UnknownHostKeyError,
  type AuthAttempt,
  type HostKeyInfo,
} from './errors';
export { keyTypeOfBlob, sha256Fingerprint } from './fingerprint';
export { openSshClient, type SshConnectOptions } from './handshake';
export { boundedFileProblem, KNOWN_HOSTS_FILE, KNOWN_HOSTS_SIZE_LIMIT, PRIVATE_KEY_FILE, PRIVATE_KEY_SIZE_LIMIT, readBoundedFile } from './bounded-file';
export { HostKeyVerifier, type AcceptUnknownHostKey, type HostKeyPolicy, type UnknownHostKeyContext } from './host-key-verifier';
export { checkHostKey, entryMatchesHost, formatKnownHostsLine, hostKeyNames, knownHostsName, parseKnownHosts, type HostKeyCheck, type HostKeyNames, type KnownHostEntry } from './known-hosts';
export { loadKnownHosts, trustHostKey } from './known-hosts-file';
export { defaultSshPool, SshPool, type SshLease, type SshPoolOptions } from './pool';
export { shCommand, shellJoin, shellQuote } from './shell-quote';
export {
  nodeSshConfigSystem,
  resolveSshConfig,
  sshConfigFileRefs,
  type EffectiveSshConfig,
  type SshConfigFileRef,
  type SshConfigFiles,
  type SshConfigRequest,
  type SshConfigSystem,
} from './ssh-config';
export { resolveSshTarget, type SshEndpoint, type SshEnvironment, type SshTarget } from './target';
