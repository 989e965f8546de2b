// Minimal record codecs and connection helpers for the RPC core's integration tests. Kept
// independent of the procedure modules on purpose: these tests check the RPC core alone.
import type { Socket } from 'node:net';
import { openConnection, type LibvirtRpcClient, type OpenConnectionOptions } from '../../../../main/libvirt/rpc';
import { UnixDialer } from '../../../../main/libvirt/transport/unix';
import type { XdrReader, XdrWriter } from '../../../../main/libvirt/xdr';
import { labInfo } from '../../../lab/lab-info';

/** `domain` record: name, uuid, id. */
export interface DomainRef {
  readonly name: string;
  readonly uuid: Uint8Array;
  readonly id: number;
}
/** `pool` record. */
export interface PoolRef {
  readonly name: string;
  readonly uuid: Uint8Array;
}
/** `vol` record. */
export interface VolRef {
  readonly pool: string;
  readonly name: string;
  readonly key: string;
}

export const readDomain = (r: XdrReader): DomainRef => ({ name: r.string(), uuid: r.fixedOpaque(16), id: r.int() });
export const writeDomain = (w: XdrWriter, d: DomainRef): void => void w.string(d.name).fixedOpaque(d.uuid, 16).int(d.id);
export const readPool = (r: XdrReader): PoolRef => ({ name: r.string(), uuid: r.fixedOpaque(16) });
export const writePool = (w: XdrWriter, p: PoolRef): void => void w.string(p.name).fixedOpaque(p.uuid, 16);
export const readVol = (r: XdrReader): VolRef => ({ pool: r.string(), name: r.string(), key: r.string() });
export const writeVol = (w: XdrWriter, v: VolRef): void => void w.string(v.pool).string(v.name).string(v.key);

/** Procedure numbers used here (libvirt-protocol.md §11). */
export const P = {
  CONNECT_GET_TYPE: 3,
  CONNECT_GET_VERSION: 4,
  CONNECT_GET_HOSTNAME: 59,
  CONNECT_GET_LIB_VERSION: 157,
  DOMAIN_LOOKUP_BY_NAME: 23,
  DOMAIN_SCREENSHOT: 211,
  STORAGE_POOL_LOOKUP_BY_NAME: 84,
  STORAGE_VOL_CREATE_XML: 93,
  STORAGE_VOL_DELETE: 94,
  STORAGE_VOL_UPLOAD: 208,
  STORAGE_VOL_DOWNLOAD: 209,
  DOMAIN_EVENT_CALLBACK_REGISTER_ANY: 316,
  DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY: 317,
  DOMAIN_EVENT_CALLBACK_LIFECYCLE: 318,
} as const;

/** Dial the lab's libvirtd socket. */
export function dialLab(): Promise<Socket> {
  return new UnixDialer(labInfo().libvirtSocket, { timeoutMs: 5_000 }).dial() as Promise<Socket>;
}

/** Dial and run the handshake for a driver URI. */
export async function openLab(driverUri: string, options: Omit<OpenConnectionOptions, 'driverUri'> = {}): Promise<LibvirtRpcClient> {
  return openConnection(await dialLab(), { driverUri, ...options });
}

/** The driver URI of a lab host ("qemu", "test-default", …). */
export function driverUriOf(hostName: string): string {
  const host = labInfo().hosts.find((h) => h.name === hostName);
  if (host === undefined) throw new Error(`lab has no host ${hostName}`);
  return host.driverUri;
}

/** Collect a Readable into one Buffer. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}
