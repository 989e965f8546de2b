// NoCloud seeds for cloud-init: meta-data, user-data (with the chosen SSH keys) and an optional
// network-config in an ISO 9660 image labelled `cidata`, built in memory.
export { buildNoCloudSeed, MAX_NETWORK_CONFIG_BYTES, MAX_SSH_KEYS, NOCLOUD_VOLUME_ID, type NoCloudSeed, type NoCloudSeedRequest, type SeedKey } from './seed';
export { CloudInitInputError } from './errors';
export { checkHostname, checkInstanceId, MAX_HOSTNAME_LENGTH, MAX_INSTANCE_ID_LENGTH, renderMetaData } from './meta-data';
export { KEYS_MERGE_TYPE, MAX_EXPANDED_USER_DATA_BYTES, MAX_USER_DATA_BYTES, renderUserData, userDataContentType, type RenderedUserData } from './user-data';
export { parseSshPublicKey, SSH_KEY_TYPES, type SshPublicKey } from './ssh-public-key';
export { buildIsoImage, IsoImageError, MAX_IMAGE_BYTES, type IsoFile, type IsoImageOptions } from './iso9660/writer';
