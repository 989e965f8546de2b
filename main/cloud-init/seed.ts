import { createHash } from 'node:crypto';
import { CloudInitInputError } from './errors';
import { buildIsoImage, type IsoFile } from './iso9660/writer';
import { renderMetaData } from './meta-data';
import { parseSshPublicKey, type SshPublicKey } from './ssh-public-key';
import { renderUserData } from './user-data';

/** The volume label cloud-init's NoCloud source looks for (it also accepts `CIDATA`). */
export const NOCLOUD_VOLUME_ID = 'cidata';
/** Most keys one seed carries. */
export const MAX_SSH_KEYS = 64;
/** Largest network-config accepted. */
export const MAX_NETWORK_CONFIG_BYTES = 64 * 1024;

/** What goes into a NoCloud seed. */
export interface NoCloudSeedRequest {
  /** `instance-id` in meta-data, e.g. the instance UUID. */
  readonly instanceId: string;
  /** `local-hostname` in meta-data: RFC 1123, at most 64 characters. */
  readonly hostname: string;
  /** OpenSSH public key lines (`ssh-ed25519 AAAA… comment`) for the default user; duplicates are dropped. */
  readonly sshAuthorizedKeys?: readonly string[];
  /** The user's own user-data (any format cloud-init reads, gzip allowed), at most 64 KiB. */
  readonly userData?: string | Buffer;
  /** Optional `network-config` (cloud-init network config version 1 or 2, YAML). */
  readonly networkConfig?: string;
  /** Time stamped in the image (default now); fix it for byte-identical seeds. */
  readonly modifiedAt?: Date;
}

/** A key as it went into the seed. */
export interface SeedKey {
  readonly type: string;
  /** `SHA256:…`, as `ssh-keygen -l` and the guest print it. */
  readonly fingerprint: string;
  readonly comment: string;
}

/** A built NoCloud seed: the image to upload as a volume and what is inside it. */
export interface NoCloudSeed {
  /** ISO 9660 image (Rock Ridge + Joliet), volume id `cidata`: attach it as a cdrom or a disk. */
  readonly image: Buffer;
  readonly format: 'iso9660';
  readonly volumeId: typeof NOCLOUD_VOLUME_ID;
  /** Hex SHA-256 of `image` (to verify an upload). */
  readonly sha256: string;
  readonly files: {
    readonly metaData: string;
    readonly userData: Buffer;
    readonly networkConfig?: string;
  };
  /** `text/cloud-config`, `multipart/mixed`, or the user's own type when no keys were given. */
  readonly userDataContentType: string;
  readonly keys: readonly SeedKey[];
}

function parseKeys(lines: readonly string[]): SshPublicKey[] {
  if (lines.length > MAX_SSH_KEYS) throw new CloudInitInputError('sshAuthorizedKeys', `sshAuthorizedKeys has ${lines.length} keys; at most ${MAX_SSH_KEYS} are accepted`);
  const unique = new Map<string, SshPublicKey>();
  lines.forEach((line, index) => {
    const key = parseSshPublicKey(line, `sshAuthorizedKeys[${index}]`);
    if (!unique.has(`${key.type} ${key.base64}`)) unique.set(`${key.type} ${key.base64}`, key);
  });
  return [...unique.values()];
}

function checkNetworkConfig(text: string): void {
  const fail = (why: string): never => {
    throw new CloudInitInputError('networkConfig', `networkConfig ${why}`);
  };
  if (Buffer.byteLength(text, 'utf8') > MAX_NETWORK_CONFIG_BYTES) fail(`is longer than ${MAX_NETWORK_CONFIG_BYTES} bytes`);
  // Either `version: 2` at the top or under `network:`; cloud-init ignores a config without it.
  if (!/^\s*version:\s*["']?[12]["']?\s*(#.*)?$/m.test(text)) fail('must be cloud-init network config version 1 or 2 (a "version: 1" or "version: 2" line)');
}

/**
 * Build a NoCloud seed image from checked inputs (every problem is a {@link CloudInitInputError}
 * naming the field). Pure: no files, no tools, same input and `modifiedAt` → same bytes.
 */
export function buildNoCloudSeed(request: NoCloudSeedRequest): NoCloudSeed {
  const metaData = renderMetaData({ instanceId: request.instanceId, hostname: request.hostname });
  const keys = parseKeys(request.sshAuthorizedKeys ?? []);
  const userData = renderUserData({ keys, ...(request.userData === undefined ? {} : { userData: request.userData }) });
  if (request.networkConfig !== undefined) checkNetworkConfig(request.networkConfig);
  const files: IsoFile[] = [
    { name: 'meta-data', data: Buffer.from(metaData, 'utf8') },
    { name: 'user-data', data: userData.content },
    ...(request.networkConfig === undefined ? [] : [{ name: 'network-config', data: Buffer.from(request.networkConfig, 'utf8') }]),
  ];
  const image = buildIsoImage({ volumeId: NOCLOUD_VOLUME_ID, files, ...(request.modifiedAt === undefined ? {} : { modifiedAt: request.modifiedAt }) });
  return {
    image,
    format: 'iso9660',
    volumeId: NOCLOUD_VOLUME_ID,
    sha256: createHash('sha256').update(image).digest('hex'),
    files: { metaData, userData: userData.content, ...(request.networkConfig === undefined ? {} : { networkConfig: request.networkConfig }) },
    userDataContentType: userData.contentType,
    keys: keys.map((key) => ({ type: key.type, fingerprint: key.fingerprint, comment: key.comment })),
  };
}
