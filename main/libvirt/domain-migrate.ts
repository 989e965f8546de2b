import { Proc } from './procedures';
import { call, encodeOptionalString, u32Flags, type FlagsOptions } from './procedure-support';
import { encodeDomain, type DomainRef } from './records';
import type { RpcChannel } from './rpc/channel';
import { encodeTypedParams, typedParam, type TypedParam } from './typed-params';

/**
 * Peer-to-peer migration (libvirt-protocol.md §15): one `DOMAIN_MIGRATE_PERFORM3_PARAMS` call on the
 * source host's connection; the source daemon then talks to the destination by itself.
 */

/** Migration flags (`virDomainMigrateFlags`). */
export const MigrateFlags = {
  LIVE: 1,
  PEER2PEER: 2,
  TUNNELLED: 4,
  PERSIST_DEST: 8,
  UNDEFINE_SOURCE: 16,
  PAUSED: 32,
  NON_SHARED_DISK: 64,
  NON_SHARED_INC: 128,
  CHANGE_PROTECTION: 256,
  UNSAFE: 512,
  OFFLINE: 1024,
  COMPRESSED: 2048,
  ABORT_ON_ERROR: 4096,
  AUTO_CONVERGE: 8192,
  RDMA_PIN_ALL: 16384,
  POSTCOPY: 32768,
  TLS: 65536,
  PARALLEL: 131072,
} as const;

/** Typed-parameter names understood by the migration calls (`VIR_MIGRATE_PARAM_*`). */
export const MigrateParam = {
  URI: 'migrate_uri',
  DEST_NAME: 'destination_name',
  DEST_XML: 'destination_xml',
  PERSIST_XML: 'persistent_xml',
  BANDWIDTH: 'bandwidth',
  GRAPHICS_URI: 'graphics_uri',
  LISTEN_ADDRESS: 'listen_address',
  MIGRATE_DISKS: 'migrate_disks',
  DISKS_PORT: 'disks_port',
  PARALLEL_CONNECTIONS: 'parallel.connections',
} as const;

/** Raw arguments of `DOMAIN_MIGRATE_PERFORM3_PARAMS`. */
export interface MigratePerform3Args extends FlagsOptions {
  /** Destination URI as the *source* host sees it (required for peer-to-peer). */
  readonly dconnuri: string | null;
  readonly params: readonly TypedParam[];
  /** Empty for peer-to-peer. */
  readonly cookieIn?: Uint8Array;
}

/** Send `DOMAIN_MIGRATE_PERFORM3_PARAMS`; returns the daemon's output cookie. */
export function domainMigratePerform3Params(ch: RpcChannel, dom: DomainRef, args: MigratePerform3Args): Promise<Uint8Array> {
  return call(
    ch,
    Proc.DOMAIN_MIGRATE_PERFORM3_PARAMS,
    (w) => {
      encodeDomain(w, dom);
      encodeOptionalString(w, args.dconnuri);
      encodeTypedParams(w, args.params);
      w.opaque(args.cookieIn ?? new Uint8Array(0));
      w.uint(u32Flags(args.flags));
    },
    (r) => r.opaque(),
    args,
  );
}

/** Named options for a peer-to-peer migration. */
export interface PeerToPeerMigration extends FlagsOptions {
  /** Destination libvirt URI as the source host reaches it, e.g. `qemu+ssh://dst/system`. */
  readonly destinationUri: string;
  /** Hypervisor-level URI for the data (e.g. `tcp://10.0.0.2`); absent = the destination picks. */
  readonly migrateUri?: string;
  readonly destinationName?: string;
  readonly destinationXml?: string;
  readonly persistentXml?: string;
  /** Bandwidth limit in MiB/s. */
  readonly bandwidthMiBs?: bigint | number;
  /** Keep the guest running during the copy (default true). */
  readonly live?: boolean;
  /** Define the domain persistently on the destination (default true). */
  readonly persistDest?: boolean;
  /** Remove the definition from the source afterwards (default false). */
  readonly undefineSource?: boolean;
  /** Also copy non-shared disks. */
  readonly copyStorage?: boolean;
  /** Tunnel the data through the libvirt connection. */
  readonly tunnelled?: boolean;
  readonly autoConverge?: boolean;
}

/** The flags word a `PeerToPeerMigration` stands for (PEER2PEER is always set; `flags` adds raw bits). */
export function peerToPeerFlags(m: PeerToPeerMigration): number {
  let flags = MigrateFlags.PEER2PEER | (m.flags ?? 0);
  if (m.live ?? true) flags |= MigrateFlags.LIVE;
  if (m.persistDest ?? true) flags |= MigrateFlags.PERSIST_DEST;
  if (m.undefineSource) flags |= MigrateFlags.UNDEFINE_SOURCE;
  if (m.copyStorage) flags |= MigrateFlags.NON_SHARED_DISK;
  if (m.tunnelled) flags |= MigrateFlags.TUNNELLED;
  if (m.autoConverge) flags |= MigrateFlags.AUTO_CONVERGE;
  return flags >>> 0;
}

/** The typed parameters a `PeerToPeerMigration` stands for. */
export function peerToPeerParams(m: PeerToPeerMigration): TypedParam[] {
  const params: TypedParam[] = [];
  if (m.migrateUri !== undefined) params.push(typedParam.string(MigrateParam.URI, m.migrateUri));
  if (m.destinationName !== undefined) params.push(typedParam.string(MigrateParam.DEST_NAME, m.destinationName));
  if (m.destinationXml !== undefined) params.push(typedParam.string(MigrateParam.DEST_XML, m.destinationXml));
  if (m.persistentXml !== undefined) params.push(typedParam.string(MigrateParam.PERSIST_XML, m.persistentXml));
  if (m.bandwidthMiBs !== undefined) params.push(typedParam.ullong(MigrateParam.BANDWIDTH, BigInt(m.bandwidthMiBs)));
  return params;
}

/**
 * Migrate a domain peer-to-peer. Resolves when the source daemon reports the migration finished;
 * watch progress with `domainGetJobStats` or the JOB_COMPLETED event.
 */
export async function domainMigratePeerToPeer(ch: RpcChannel, dom: DomainRef, migration: PeerToPeerMigration): Promise<void> {
  await domainMigratePerform3Params(ch, dom, {
    dconnuri: migration.destinationUri,
    params: peerToPeerParams(migration),
    flags: peerToPeerFlags(migration),
    timeoutMs: migration.timeoutMs,
    signal: migration.signal,
  });
}
