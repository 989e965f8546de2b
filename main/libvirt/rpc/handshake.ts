import type { Duplex } from 'node:stream';
import { LibvirtError, RpcClientError, UnsupportedByClientError } from '../errors';
import * as wire from '../generated/remote-protocol.gen';
import type { ProcedureSpec } from '../protocol-spec';
import type { XdrWriter } from '../xdr';
import type { CallOptions } from './channel';
import { LibvirtRpcClient, type RpcClientOptions, type SessionInfo } from './client';
import { AuthType, ConnectFeature, ConnectFlags } from './constants';
import type { KeepaliveOptions } from './keepalive';

/** Options of `openConnection`. */
export interface OpenConnectionOptions extends RpcClientOptions {
  /** Driver URI for CONNECT_OPEN, e.g. "qemu:///system" or "test:///default"; "" lets the daemon choose. */
  readonly driverUri: string;
  /** Open read-only (VIR_CONNECT_RO). The read-only socket is read-only whatever this says. */
  readonly readOnly?: boolean;
  /** Keepalive timing, or false to not enable keepalive at all (the daemon then never pings us). */
  readonly keepalive?: KeepaliveOptions | false;
  /** Ask the daemon to announce its side closing (CONNECT_REGISTER_CLOSE_CALLBACK); default true. */
  readonly closeCallback?: boolean;
  /** Timeout of each handshake call; default 30 s. */
  readonly handshakeTimeoutMs?: number;
  /** Abandons the handshake (the stream is then destroyed). */
  readonly signal?: AbortSignal;
}

/**
 * Connect libvirt over an already-connected stream: authenticate, enable keepalive, open the
 * driver, probe features. On failure the stream is destroyed and the error is rethrown.
 */
export async function openConnection(stream: Duplex, options: OpenConnectionOptions): Promise<LibvirtRpcClient> {
  const client = new LibvirtRpcClient(stream, options);
  try {
    client.setSession(await handshake(client, options));
    return client;
  } catch (error) {
    client.destroy('handshake failed');
    throw error;
  }
}

/** Run the handshake of section 9 on a fresh client and return what it learned. */
export async function handshake(client: LibvirtRpcClient, options: OpenConnectionOptions): Promise<SessionInfo> {
  const callOptions: CallOptions = { timeoutMs: options.handshakeTimeoutMs ?? 30_000, signal: options.signal };

  const authTypes = (await send(client, wire.authList, undefined, callOptions)).types;
  const auth = chooseAuth(authTypes);
  if (auth === 'polkit') {
    const { complete } = await send(client, wire.authPolkit, undefined, callOptions);
    if (complete !== 1) throw new RpcClientError('polkit authentication did not complete (AUTH_POLKIT returned 0)');
  }

  // Feature 10 is the only one answered before CONNECT_OPEN; asking it also starts the daemon's pings.
  let keepalive = false;
  if (options.keepalive !== false) {
    keepalive = await supportsFeature(client, ConnectFeature.PROGRAM_KEEPALIVE, callOptions);
    if (keepalive) client.startKeepalive(options.keepalive ?? {});
  }

  const name = options.driverUri === '' ? null : options.driverUri;
  const flags = options.readOnly === true ? ConnectFlags.RO : 0;
  await send(client, wire.connectOpen, { name, flags }, callOptions);
  const driverUri = name ?? (await send(client, wire.connectGetUri, undefined, callOptions)).uri;

  const callbackEvents = await supportsFeature(client, ConnectFeature.REMOTE_EVENT_CALLBACK, callOptions);
  const closeCallback = await supportsFeature(client, ConnectFeature.REMOTE_CLOSE_CALLBACK, callOptions);
  if (closeCallback && options.closeCallback !== false) {
    await send(client, wire.connectRegisterCloseCallback, undefined, callOptions);
  }
  return { driverUri, readOnly: options.readOnly === true, auth, features: { keepalive, callbackEvents, closeCallback } };
}

/** Pick the authentication: polkit when offered, else none; SASL-only is refused with advice. */
export function chooseAuth(types: readonly number[]): 'none' | 'polkit' {
  if (types.includes(AuthType.POLKIT)) return 'polkit';
  if (types.length === 0 || types.includes(AuthType.NONE)) return 'none';
  if (types.includes(AuthType.SASL)) throw new UnsupportedByClientError('SASL is not supported; connect over SSH or a unix socket');
  throw new UnsupportedByClientError(`the daemon offers no authentication method this client supports (offered: ${types.join(', ')})`);
}

/** Send one handshake call (the RPC core sits below the procedure modules, so it calls the client itself). */
function send<A, R>(client: LibvirtRpcClient, spec: ProcedureSpec<A, R>, args: A, options: CallOptions): Promise<R> {
  const encode = spec.encode;
  return client.call(spec.proc, encode === null ? null : (w: XdrWriter) => encode(w, args), spec.decode, options);
}

/** CONNECT_SUPPORTS_FEATURE; a daemon error (too old, not open) counts as "not supported". */
async function supportsFeature(client: LibvirtRpcClient, feature: number, options: CallOptions): Promise<boolean> {
  try {
    return (await send(client, wire.connectSupportsFeature, { feature }, options)).supported === 1;
  } catch (error) {
    if (client.isClosed) throw error;
    if (error instanceof LibvirtError) return false;
    throw error;
  }
}
