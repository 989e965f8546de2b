// Public surface of the libvirt RPC core. Procedure modules need only `RpcChannel` and the XDR layer.
export type { ArgsEncoder, CallOptions, OpenedDuplexStream, OpenedReadStream, OpenedWriteStream, RetDecoder, RpcChannel } from './channel';
export { RpcDuplexStream } from './duplex-stream';
export { LibvirtRpcClient, type RpcClientOptions, type SessionInfo } from './client';
export {
  AuthType,
  CloseReason,
  ConnectFeature,
  ConnectFlags,
  KeepaliveProc,
  Limits,
  MessageType,
  Program,
  PROGRAM_VERSION,
  Status,
  messageTypeName,
  procedureLabel,
  programName,
} from './constants';
export { PacketFramer } from './framer';
export { chooseAuth, handshake, openConnection, type OpenConnectionOptions } from './handshake';
export { DEFAULT_KEEPALIVE, type KeepaliveOptions } from './keepalive';
export type { PacketRef, RpcLogEntry, RpcLogger } from './log';
export { decodePacket, encodePacket, type Packet, type PacketHeader } from './packet';
export { DEFAULT_STREAM_HIGH_WATER_MARK, RpcReadStream } from './read-stream';
export { DEFAULT_QUEUE_LIMIT, type MessageHandler, type SubscribeOptions } from './subscriptions';
export { RpcWriteStream } from './write-stream';
export {
  CallAbortedError,
  CallTimeoutError,
  ConnectionClosedError,
  ErrorCode,
  ErrorDomain,
  ErrorLevel,
  LibvirtError,
  NonRpcOutputError,
  ProtocolError,
  RpcClientError,
  UnsupportedByClientError,
  errorCodeName,
  isLibvirtError,
  isNoDomain,
  isNoSupport,
  isOperationDenied,
  isOperationInvalid,
  isUnknownProcedure,
  isUnsupported,
  type CloseCause,
} from '../errors';
