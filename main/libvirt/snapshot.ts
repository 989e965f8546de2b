import * as wire from './generated/remote-protocol.gen';
import { call, callWith, NEED_RESULTS, u32Flags, type FlagsOptions } from './procedure-support';
import type { DomainRef, SnapshotRef } from './records';
import type { RpcChannel } from './rpc/channel';
import type { XdrReader } from './xdr';

/** Domain snapshots: create, list, look up, revert, delete. */

export { SnapshotCreateFlags, SnapshotDeleteFlags, SnapshotListFlags, SnapshotRevertFlags } from './generated/libvirt-api.gen';

const listSnapshots = (r: XdrReader): SnapshotRef[] => wire.decodeDomainListAllSnapshotsRet(r).snapshots;
const xmlOf = (r: XdrReader): string => wire.decodeDomainSnapshotGetXmlDescRet(r).xml;
/** Replies that are one snapshot record decode as the record itself. */
const snapshotOf = wire.decodeNonnullDomainSnapshot;

/** Take a snapshot described by `<domainsnapshot>` XML (`SnapshotCreateFlags`). */
export function domainSnapshotCreateXml(ch: RpcChannel, dom: DomainRef, xml: string, options?: FlagsOptions): Promise<SnapshotRef> {
  return callWith(ch, wire.domainSnapshotCreateXml, { dom, xml_desc: xml, flags: u32Flags(options?.flags) }, snapshotOf, options);
}

/** Every snapshot of a domain matching `SnapshotListFlags` (0 = all). */
export function domainListAllSnapshots(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<SnapshotRef[]> {
  return callWith(ch, wire.domainListAllSnapshots, { dom, need_results: NEED_RESULTS, flags: u32Flags(options?.flags) }, listSnapshots, options);
}

/** Find a snapshot by name. */
export function domainSnapshotLookupByName(ch: RpcChannel, dom: DomainRef, name: string, options?: FlagsOptions): Promise<SnapshotRef> {
  return callWith(ch, wire.domainSnapshotLookupByName, { dom, name, flags: u32Flags(options?.flags) }, snapshotOf, options);
}

/** The domain's current snapshot (fails with NO_DOMAIN_SNAPSHOT when there is none). */
export function domainSnapshotCurrent(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<SnapshotRef> {
  return callWith(ch, wire.domainSnapshotCurrent, { dom, flags: u32Flags(options?.flags) }, snapshotOf, options);
}

/** A snapshot's `<domainsnapshot>` XML. */
export function domainSnapshotGetXmlDesc(ch: RpcChannel, snap: SnapshotRef, options?: FlagsOptions): Promise<string> {
  return callWith(ch, wire.domainSnapshotGetXmlDesc, { snap, flags: u32Flags(options?.flags) }, xmlOf, options);
}

/** Revert the domain to a snapshot (`SnapshotRevertFlags`). */
export function domainRevertToSnapshot(ch: RpcChannel, snap: SnapshotRef, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.domainRevertToSnapshot, { snap, flags: u32Flags(options?.flags) }, options);
}

/** Delete a snapshot (`SnapshotDeleteFlags`). */
export function domainSnapshotDelete(ch: RpcChannel, snap: SnapshotRef, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.domainSnapshotDelete, { snap, flags: u32Flags(options?.flags) }, options);
}
