// The create request and its checks (Nova's `POST /servers` validation): every refusal names the field.
import { CloudInitInputError, MAX_USER_DATA_BYTES, renderUserData } from '../../cloud-init';
import { NotFoundError } from '../../inventory/errors';
import type { FlavorRecord, HostRecord, ImageRecord, KeyPairRecord, ProjectRecord } from '../../inventory/model';
import type { InventoryStore } from '../../inventory/repositories';
import { resolveFlavor, resolveHost, resolveProject } from '../../inventory/services';
import { findControlCharacter } from '../../text/control-chars';
import { XmlError, checkDomainName } from '../../xml';
import { placementImageProperties, resolveImage } from '../../images';
import type { ClaimImage } from '../claim';
import { BuildRequestError } from './errors';
import { MAX_INSTANCE_NAME_BYTES } from './names';

/** Most instances one request may ask for (quota decides how many of them fit). */
export const MAX_COUNT = 100;
/** Nova's limits on server metadata: 128 items, keys and values up to 255 characters. */
export const MAX_METADATA_ITEMS = 128;
const MAX_DESCRIPTION = 255;
const MAX_REF = 255;

/** A create request (Nova's `POST /servers` with `min_count`/`max_count`). */
export interface CreateInstancesRequest {
  /** Instance name; with a count above 1 each gets `-1`, `-2`… */
  readonly name: string;
  /** Flavor name or id. */
  readonly flavor: string;
  /** Image name or id. */
  readonly image: string;
  /** Project name or id; default admin. */
  readonly project?: string | null;
  readonly userId?: string | null;
  /** Key pair name: its public key goes into the NoCloud seed. */
  readonly keyName?: string | null;
  /** cloud-init user-data, as text (≤ 64 KiB). */
  readonly userData?: string | null;
  /** libvirt network on the chosen host; default the host's network (checked once a host is chosen). */
  readonly network?: string | null;
  /** Force this host (admin's `--availability-zone zone:host`): no reschedule then. */
  readonly host?: string | null;
  /** How many (default 1). */
  readonly count?: number;
  /** Fewest acceptable when quota cannot fit `count` (default: `count`, all or nothing). */
  readonly minCount?: number;
  readonly serverGroup?: string | null;
  readonly availabilityZone?: string | null;
  readonly description?: string | null;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A request that passed every check that does not need a host. */
export interface ValidatedCreate {
  readonly name: string;
  readonly project: ProjectRecord;
  readonly flavor: FlavorRecord;
  readonly image: ImageRecord;
  readonly keyPair: KeyPairRecord | null;
  readonly userData: string | null;
  readonly network: string | null;
  readonly forcedHost: HostRecord | null;
  readonly count: { readonly min: number; readonly max: number };
  readonly serverGroup: string | null;
  readonly availabilityZone: string | null;
  readonly description: string | null;
  readonly metadata: Readonly<Record<string, string>>;
  readonly userId: string | null;
}

const fail = (field: string, problem: string): never => {
  throw new BuildRequestError(field, problem);
};

function plainText(field: string, value: string | null | undefined, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') fail(field, 'must be text');
  if (value.trim() === '') fail(field, 'must not be empty');
  if (value.length > max) fail(field, `must be at most ${max} characters, not ${value.length}`);
  const control = findControlCharacter(value);
  if (control !== null) fail(field, `must not contain control characters (found ${control})`);
  return value;
}

function checkName(name: string): string {
  if (typeof name !== 'string' || name.trim() === '') fail('name', 'must not be empty');
  if (Buffer.byteLength(name, 'utf8') > MAX_INSTANCE_NAME_BYTES) fail('name', `must be at most ${MAX_INSTANCE_NAME_BYTES} bytes`);
  try {
    // The domain is named after the instance: the same rules as libvirt's domain names.
    checkDomainName(name);
  } catch (error) {
    if (error instanceof XmlError) fail('name', error.message.replace(/^invalid domain name /, `${JSON.stringify(name)} is not usable: `));
    throw error;
  }
  return name;
}

function checkCount(count: number | undefined, minCount: number | undefined): { min: number; max: number } {
  const max = count ?? 1;
  if (!Number.isSafeInteger(max) || max < 1 || max > MAX_COUNT) fail('count', `must be a whole number from 1 to ${MAX_COUNT}, not ${max}`);
  const min = minCount ?? max;
  if (!Number.isSafeInteger(min) || min < 1 || min > max) fail('minCount', `must be a whole number from 1 to count (${max}), not ${min}`);
  return { min, max };
}

function checkMetadata(metadata: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
  if (metadata === undefined) return {};
  const entries = Object.entries(metadata);
  if (entries.length > MAX_METADATA_ITEMS) fail('metadata', `has ${entries.length} items; at most ${MAX_METADATA_ITEMS} are allowed`);
  for (const [key, value] of entries) {
    plainText('metadata key', key, MAX_REF);
    if (typeof value !== 'string' || value.length > MAX_REF) fail('metadata', `value of ${JSON.stringify(key)} must be text of at most ${MAX_REF} characters`);
  }
  return metadata;
}

function checkUserData(userData: string | null | undefined): string | null {
  if (userData === undefined || userData === null) return null;
  if (typeof userData !== 'string') fail('userData', 'must be text');
  const bytes = Buffer.byteLength(userData, 'utf8');
  if (bytes > MAX_USER_DATA_BYTES) fail('userData', `is ${bytes} bytes; at most ${MAX_USER_DATA_BYTES} are allowed`);
  try {
    // The same check the seed makes, now rather than after a host was claimed.
    renderUserData({ keys: [], userData });
  } catch (error) {
    if (error instanceof CloudInitInputError) fail('userData', error.message.replace(/^userData:?\s*/, ''));
    throw error;
  }
  return userData;
}

/** Nova's flavor/image checks: status, format, min_ram, min_disk and the image's size against the root disk. */
export function checkImageFits(image: ImageRecord, flavor: FlavorRecord): void {
  if (image.status !== 'active') fail('image', `Image ${image.name} is ${image.status}, not active`);
  if (image.diskFormat !== 'qcow2' && image.diskFormat !== 'raw') fail('image', `Image ${image.name} is ${image.diskFormat}; only qcow2 and raw images can be booted`);
  if (image.minRamMiB > flavor.ramMiB) fail('flavor', `Flavor ${flavor.name}'s memory (${flavor.ramMiB} MiB) is smaller than image ${image.name}'s min_ram (${image.minRamMiB} MiB)`);
  if (flavor.diskGiB === 0) return; // Nova: a zero root disk is sized to the image.
  if (image.minDiskGiB > flavor.diskGiB) fail('flavor', `Flavor ${flavor.name}'s disk (${flavor.diskGiB} GiB) is smaller than image ${image.name}'s min_disk (${image.minDiskGiB} GiB)`);
  // min_disk is at least the image's virtual size (the import raises it); a raw image's file is its disk.
  const virtual = image.diskFormat === 'raw' ? (image.sizeBytes ?? 0) : 0;
  if (virtual > flavor.diskGiB * 2 ** 30) fail('flavor', `Flavor ${flavor.name}'s disk (${flavor.diskGiB * 2 ** 30} bytes) is too small for image ${image.name} (${virtual} bytes)`);
}

/**
 * Check a create request against the inventory: everything that needs no host. Lookups that find nothing throw
 * NotFoundError ("Flavor m1.huge not found"); every other refusal is a BuildRequestError naming its field.
 */
export function validateCreateRequest(store: InventoryStore, request: CreateInstancesRequest): ValidatedCreate {
  const name = checkName(request.name);
  const count = checkCount(request.count, request.minCount);
  const description = plainText('description', request.description, MAX_DESCRIPTION);
  const network = plainText('network', request.network, MAX_REF);
  const availabilityZone = plainText('availabilityZone', request.availabilityZone, MAX_REF);
  const serverGroup = plainText('serverGroup', request.serverGroup, MAX_REF);
  const metadata = checkMetadata(request.metadata);
  const userData = checkUserData(request.userData);
  const keyName = plainText('keyName', request.keyName, MAX_REF);
  const image = resolveImage(store, plainText('image', request.image, MAX_REF) ?? fail('image', 'is required'));
  const { project, flavor, forcedHost, keyPair } = store.read((repos) => ({
    project: resolveProject(repos, plainText('project', request.project, MAX_REF) ?? undefined),
    flavor: resolveFlavor(repos, plainText('flavor', request.flavor, MAX_REF) ?? fail('flavor', 'is required')),
    forcedHost: request.host === undefined || request.host === null ? null : resolveHost(repos, plainText('host', request.host, MAX_REF) as string),
    keyPair: keyName === null ? null : (repos.keyPairs.get(keyName) ?? notFound('Key pair', keyName)),
  }));
  checkImageFits(image, flavor);
  return { name, project, flavor, image, keyPair, userData, network, forcedHost, count, serverGroup, availabilityZone, description, metadata, userId: request.userId ?? null };
}

/** What placement reads of the image (architecture and hypervisor type filters). */
export function claimImage(image: ImageRecord): ClaimImage {
  return { id: image.id, ...placementImageProperties(image.properties) };
}

function notFound(kind: string, ref: string): never {
  throw new NotFoundError(kind, ref);
}
