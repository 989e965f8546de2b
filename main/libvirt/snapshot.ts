import { Proc } from './procedures';
import { call, listAll, readString, u32Flags, withFlags, type FlagsOptions } from './procedure-support';
import { DOMAIN_RECORD_MIN_BYTES, decodeSnapshot, encodeDomain, encodeSnapshot, type DomainRef, type SnapshotRef } from './records';
import type { RpcChannel } from './rpc/channel';

/** Domain snapshots: create, list, look up, revert, delete. */

/** Flags for `DOMAIN_SNAPSHOT_CREATE_XML`. */
export const SnapshotCreateFlags = {
  REDEFINE: 1,
  CURRENT: 2,
  NO_METADATA: 4,
  HALT: 8,
  DISK_ONLY: 16,
  REUSE_EXT: 32,
  QUIESCE: 64,
  ATOMIC: 128,
  LIVE: 256,
  VALIDATE: 512,
} as const;

/** Filter flags for `DOMAIN_LIST_ALL_SNAPSHOTS`. */
export const SnapshotListFlags = {
  ROOTS: 1,
  METADATA: 2,
  LEAVES: 4,
  NO_LEAVES: 8,
  NO_METADATA: 16,
  INACTIVE: 32,
  ACTIVE: 64,
  DISK_ONLY: 128,
  INTERNAL: 256,
  EXTERNAL: 512,
  TOPOLOGICAL: 1024,
} as const;

/** Flags for `DOMAIN_REVERT_TO_SNAPSHOT`. */
export const SnapshotRevertFlags = { RUNNING: 1, PAUSED: 2, FORCE: 4, RESET_NVRAM: 8 } as const;

/** Flags for `DOMAIN_SNAPSHOT_DELETE`. */
export const SnapshotDeleteFlags = { CHILDREN: 1, METADATA_ONLY: 2, CHILDREN_ONLY: 4 } as const;

/** Smallest wire size of a snapshot record: empty name (4) + domain record. */
const SNAPSHOT_RECORD_MIN_BYTES = 4 + DOMAIN_RECORD_MIN_BYTES;

/** Take a snapshot described by `<domainsnapshot>` XML (`SnapshotCreateFlags`). */
export function domainSnapshotCreateXml(ch: RpcChannel, dom: DomainRef, xml: string, options?: FlagsOptions): Promise<SnapshotRef> {
  return call(
    ch,
    Proc.DOMAIN_SNAPSHOT_CREATE_XML,
    (w) => {
      encodeDomain(w, dom);
      w.string(xml);
      w.uint(u32Flags(options?.flags));
    },
    decodeSnapshot,
    options,
  );
}

/** Every snapshot of a domain matching `SnapshotListFlags` (0 = all). */
export function domainListAllSnapshots(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<SnapshotRef[]> {
  return listAll(ch, Proc.DOMAIN_LIST_ALL_SNAPSHOTS, decodeSnapshot, SNAPSHOT_RECORD_MIN_BYTES, options, (w) => encodeDomain(w, dom));
}

/** Find a snapshot by name. */
export function domainSnapshotLookupByName(ch: RpcChannel, dom: DomainRef, name: string, options?: FlagsOptions): Promise<SnapshotRef> {
  return call(
    ch,
    Proc.DOMAIN_SNAPSHOT_LOOKUP_BY_NAME,
    (w) => {
      encodeDomain(w, dom);
      w.string(name);
      w.uint(u32Flags(options?.flags));
    },
    decodeSnapshot,
    options,
  );
}

/** The domain's current snapshot (fails with NO_DOMAIN_SNAPSHOT when there is none). */
export function domainSnapshotCurrent(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<SnapshotRef> {
  return call(ch, Proc.DOMAIN_SNAPSHOT_CURRENT, withFlags(encodeDomain, dom, options), decodeSnapshot, options);
}

/** A snapshot's `<domainsnapshot>` XML. */
export function domainSnapshotGetXmlDesc(ch: RpcChannel, snap: SnapshotRef, options?: FlagsOptions): Promise<string> {
  return call(ch, Proc.DOMAIN_SNAPSHOT_GET_XML_DESC, withFlags(encodeSnapshot, snap, options), readString, options);
}

/** Revert the domain to a snapshot (`SnapshotRevertFlags`). */
export function domainRevertToSnapshot(ch: RpcChannel, snap: SnapshotRef, options?: FlagsOptions): Promise<void> {
  return call(ch, Proc.DOMAIN_REVERT_TO_SNAPSHOT, withFlags(encodeSnapshot, snap, options), null, options);
}

/** Delete a snapshot (`SnapshotDeleteFlags`). */
export function domainSnapshotDelete(ch: RpcChannel, snap: SnapshotRef, options?: FlagsOptions): Promise<void> {
  return call(ch, Proc.DOMAIN_SNAPSHOT_DELETE, withFlags(encodeSnapshot, snap, options), null, options);
}
