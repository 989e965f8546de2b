// Public surface of the XML layer: safe parsing, the round-tripping models, builders for what the app writes.
export { XmlError, isXmlError, type XmlErrorReason } from './errors';
export { DEFAULT_XML_LIMITS, type XmlLimits } from './limits';
export { parseXml, type ParseXmlOptions } from './parse';
export { XmlDocument } from './document';
export type { ModelParseOptions } from './root';
export { XmlChildren, XmlObject, xmlModel, type FieldValues } from './model';
export { XmlScope } from './scope';
export { booleanCodec, checkedString, flag, int, intCodec, list, onOff, size, stringCodec, text, valueField, yesNo, type Codec, type XmlField } from './fields';
export { VIRTDECK_INSTANCE_NS } from './namespaces';
export { MAX_NAME_LENGTH, checkDomainName, checkMac, checkSnapshotName, checkUuid, checkVolumeName } from './names';
export { bytesToMiB, gibToBytes, mibToBytes, sizeToBytes, unitBytes } from './units';

export { DomainXml } from './domain/domain';
export { DomainDisk, type DiskSource } from './domain/disk';
export { DomainInterface } from './domain/interface';
export { DomainGraphics, GraphicsListen } from './domain/graphics';
export { DomainCharDevice } from './domain/char-device';
export { DomainVideo } from './domain/video';
export { DomainFeatures, DomainOs } from './domain/os';
export { InstanceFlavor, InstanceMetadata } from './domain/instance-metadata';
export { applyDomainDefaults } from './domain/domain-defaults';
export {
  buildDomainXml,
  createDomainXml,
  type DiskSpec,
  type DomainSpec,
  type GraphicsSpec,
  type InstanceMetadataSpec,
  type InterfaceSpec,
  type SerialConsoleSpec,
} from './domain/build-domain';

export {
  CapabilitiesGuest,
  CapabilitiesHost,
  CapabilitiesXml,
  CpuTopology,
  GuestDomainType,
  GuestMachine,
  NumaCell,
  SecurityModel,
} from './capabilities/capabilities';
export { chooseGuest, type GuestChoice, type GuestWanted } from './capabilities/guest-choice';
export { DomainCapabilitiesXml } from './capabilities/domain-capabilities';

export { VolumeXml } from './storage/volume';
export { PoolXml } from './storage/pool';
export { buildQcow2OverlayXml, buildVolumeXml, createVolumeXml, type VolumeSpec } from './storage/build-volume';
export { DhcpHost, DhcpRange, NetworkIp, NetworkXml } from './network/network';
export { SnapshotDisk, SnapshotXml } from './snapshot/snapshot';
export { buildSnapshotXml, createSnapshotXml, type SnapshotSpec } from './snapshot/build-snapshot';
