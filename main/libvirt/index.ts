// Public surface of the libvirt client: the connection facade, one module per libvirt object,
// records, typed parameters and the RPC core's error types.
export * from './connection';
export * from './connect';
export * from './domain';
export * from './domain-migrate';
export * from './domain-stats';
export * from './events';
export * from './network';
export * from './snapshot';
export * from './storage';
export * from './records';
export * from './typed-params';
export { Proc, ProcNames } from './generated/remote-protocol.gen';
export { u32Flags, type FlagsOptions, type ProcOptions } from './procedure-support';
export type { EventMessageSpec, ProcedureSpec } from './protocol-spec';
export type { RpcChannel } from './rpc/channel';
export {
  CallAbortedError,
  CallTimeoutError,
  ConnectionClosedError,
  ErrorCode,
  ErrorDomain,
  LibvirtError,
  errorCodeName,
  isLibvirtError,
  isNoDomain,
  isNoSupport,
  isOperationInvalid,
  isUnsupported,
} from './errors';
