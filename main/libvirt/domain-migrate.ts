import { MigrateFlags, MigrateParam } from './generated/libvirt-api.gen';
import * as wire from './generated/remote-protocol.gen';
import { callWith, u32Flags, type FlagsOptions } from './procedure-support';
import type { DomainRef } from './records';
import type { RpcChannel } from './rpc/channel';
import { typedParam, type TypedParam } from './typed-params';
import type { XdrReader } from './xdr';

/**
 * Peer-to-peer migration (libvirt-protocol.md §15): one `DOMAIN_MIGRATE_PERFORM3_PARAMS` call on the
 * source host's connection; the source daemon then talks to the destination by itself.
 */

export { MigrateFlags, MigrateParam } from './generated/libvirt-api.gen';

const cookieOut = (r: XdrReader): Uint8Array => wire.decodeDomainMigratePerform3ParamsRet(r).cookie_out;

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
  const wireArgs = { dom, dconnuri: args.dconnuri, params: args.params, cookie_in: args.cookieIn ?? new Uint8Array(0), flags: u32Flags(args.flags) };
  return callWith(ch, wire.domainMigratePerform3Params, wireArgs, cookieOut, args);
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
