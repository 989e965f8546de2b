export { AuthSequence, type PasswordPrompt, type SshAuthCallbacks } from './auth';
export { ChannelStream, ExecStream, type ExitInfo } from './channel-stream';
export { SshConnection, type ChannelOptions, type SshConnectionEvents } from './connection';
export {
  HostKeyMismatchError,
  HostKeyRevokedError,
  RemoteCommandError,
  SshAuthError,
  SshChannelError,
  SshConfigError,
  SshConnectError,
  SshConnectionLostError,
  SshError,
  UnknownHostKeyError,
  type AuthAttempt,
  type HostKeyInfo,
} from './errors';
export { keyTypeOfBlob, sha256Fingerprint } from './fingerprint';
export { openSshClient, type SshConnectOptions } from './handshake';
export { HostKeyVerifier, type AcceptUnknownHostKey, type HostKeyPolicy } from './host-key-verifier';
export { checkHostKey, formatKnownHostsLine, knownHostsName, parseKnownHosts, type HostKeyCheck, type KnownHostEntry } from './known-hosts';
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
