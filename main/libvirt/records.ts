import * as wire from './generated/remote-protocol.gen';

/**
 * Object records that identify libvirt objects on the wire (libvirt-protocol.md §5), under the
 * names the rest of the app uses. The layouts and codecs are generated from remote_protocol.x;
 * UUIDs are canonical lowercase text (see `uuid.ts`).
 */

export { UUID_BYTES, decodeUuid, encodeUuid, normalizeUuid, uuidFromBytes, uuidToBytes } from './uuid';

/** A domain; `id` is −1 while it is inactive. */
export type DomainRef = wire.NonnullDomain;
/** A virtual network. */
export type NetworkRef = wire.NonnullNetwork;
/** A network filter. */
export type NwfilterRef = wire.NonnullNwfilter;
/** A host network interface. */
export type InterfaceRef = wire.NonnullInterface;
/** A storage pool. */
export type StoragePoolRef = wire.NonnullStoragePool;
/** A storage volume; `pool` is the pool's name. */
export type StorageVolRef = wire.NonnullStorageVol;
/** A host (node) device. */
export type NodeDeviceRef = wire.NonnullNodeDevice;
/** A secret. */
export type SecretRef = wire.NonnullSecret;
/** A domain snapshot. */
export type SnapshotRef = wire.NonnullDomainSnapshot;

/** Decode a domain record. */
export const decodeDomain = wire.decodeNonnullDomain;
/** Encode a domain record. */
export const encodeDomain = wire.encodeNonnullDomain;
/** Decode a network record. */
export const decodeNetwork = wire.decodeNonnullNetwork;
/** Encode a network record. */
export const encodeNetwork = wire.encodeNonnullNetwork;
/** Decode a network-filter record. */
export const decodeNwfilter = wire.decodeNonnullNwfilter;
/** Encode a network-filter record. */
export const encodeNwfilter = wire.encodeNonnullNwfilter;
/** Decode a host-interface record. */
export const decodeInterface = wire.decodeNonnullInterface;
/** Encode a host-interface record. */
export const encodeInterface = wire.encodeNonnullInterface;
/** Decode a storage-pool record. */
export const decodeStoragePool = wire.decodeNonnullStoragePool;
/** Encode a storage-pool record. */
export const encodeStoragePool = wire.encodeNonnullStoragePool;
/** Decode a storage-volume record. */
export const decodeStorageVol = wire.decodeNonnullStorageVol;
/** Encode a storage-volume record. */
export const encodeStorageVol = wire.encodeNonnullStorageVol;
/** Decode a node-device record. */
export const decodeNodeDevice = wire.decodeNonnullNodeDevice;
/** Encode a node-device record. */
export const encodeNodeDevice = wire.encodeNonnullNodeDevice;
/** Decode a secret record. */
export const decodeSecret = wire.decodeNonnullSecret;
/** Encode a secret record. */
export const encodeSecret = wire.encodeNonnullSecret;
/** Decode a snapshot record. */
export const decodeSnapshot = wire.decodeNonnullDomainSnapshot;
/** Encode a snapshot record. */
export const encodeSnapshot = wire.encodeNonnullDomainSnapshot;
