import { flavorDiskGiB } from '../quota/flavor-delta';
import type { Flavor } from '../../common/model/flavor';
import type { ServerGroup } from '../../common/model/server-group';
import { PlacementInputError } from './errors';
import type { ImageProperties, RequestSpec } from './types';
import { DIFFERENT_HOST, GROUP_MEMBER, SAME_HOST, UuidFlags } from './uuid-flags';

/** A RequestSpec checked once and reduced to what filters and weighers read per host. */
export interface NormalizedRequest {
  readonly flavor: Flavor;
  readonly numInstances: number;
  /** Uuid of each instance being placed (the caller's, else a stand-in). */
  readonly instanceUuids: readonly string[];
  /** Resources one instance claims (Placement's VCPU, MEMORY_MB, DISK_GB). */
  readonly vcpus: number;
  readonly ramMiB: number;
  readonly diskGiB: number;
  readonly availabilityZone: string | null;
  readonly image: ImageProperties | null;
  readonly serverGroup: ServerGroup | null;
  /** Group members plus the instances being placed (Nova adds them to the group before scheduling). */
  readonly groupMembers: ReadonlySet<string> | null;
  readonly sameHost: ReadonlySet<string> | null;
  readonly differentHost: ReadonlySet<string> | null;
  /** Every uuid of `groupMembers`, `sameHost` and `differentHost` with its flags; null when there are none. */
  readonly uuidFlags: UuidFlags | null;
  /** Lower-cased, as Nova matches forced and ignored hosts case-insensitively. */
  readonly forcedHost: string | null;
  readonly ignoreHosts: ReadonlySet<string> | null;
}

function wholeNumber(value: unknown, field: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new PlacementInputError(`${field} must be a whole number ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

function uuidSet(list: readonly string[] | undefined, field: string): ReadonlySet<string> | null {
  if (list === undefined || list === null) return null;
  if (!Array.isArray(list)) throw new PlacementInputError(`${field} must be a list of instance uuids`);
  if (list.length === 0) return null;
  for (const item of list) if (typeof item !== 'string') throw new PlacementInputError(`${field} must contain strings, got ${String(item)}`);
  return new Set(list);
}

/** Check a request and precompute what every host check needs; throws PlacementInputError naming the field. */
export function normalizeRequest(request: RequestSpec): NormalizedRequest {
  const flavor = request.flavor;
  if (typeof flavor !== 'object' || flavor === null) throw new PlacementInputError('request.flavor is required');
  wholeNumber(flavor.vcpus, 'request.flavor.vcpus', 1);
  wholeNumber(flavor.ramMiB, 'request.flavor.ramMiB', 1);
  wholeNumber(flavor.diskGiB, 'request.flavor.diskGiB', 0);
  wholeNumber(flavor.ephemeralGiB, 'request.flavor.ephemeralGiB', 0);
  wholeNumber(flavor.swapMiB, 'request.flavor.swapMiB', 0);
  const numInstances = wholeNumber(request.numInstances ?? 1, 'request.numInstances', 1);
  const given = request.instanceUuids ?? [];
  if (given.length > 0 && given.length !== numInstances) {
    throw new PlacementInputError(`request.instanceUuids has ${given.length} entries for ${numInstances} instance(s)`);
  }
  const instanceUuids = given.length > 0 ? given : Array.from({ length: numInstances }, (_, k) => `(instance ${k + 1} of this request)`);

  const serverGroup = request.serverGroup ?? null;
  let groupMembers: Set<string> | null = null;
  if (serverGroup) {
    if (!Array.isArray(serverGroup.members)) throw new PlacementInputError('request.serverGroup.members must be a list of instance uuids');
    groupMembers = new Set(serverGroup.members);
    for (const uuid of instanceUuids) groupMembers.add(uuid);
    const max = serverGroup.rules?.maxServerPerHost;
    if (max !== undefined) wholeNumber(max, 'request.serverGroup.rules.maxServerPerHost', 1);
  }

  const forced = request.forcedHost ?? null;
  if (forced !== null && (typeof forced !== 'string' || forced === '')) {
    throw new PlacementInputError('request.forcedHost must be a non-empty host name');
  }
  const ignore = uuidSet(request.ignoreHosts, 'request.ignoreHosts');
  const az = request.availabilityZone ?? null;
  const sameHost = uuidSet(request.hints?.sameHost, 'request.hints.sameHost');
  const differentHost = uuidSet(request.hints?.differentHost, 'request.hints.differentHost');

  return {
    flavor,
    numInstances,
    instanceUuids,
    vcpus: flavor.vcpus,
    ramMiB: flavor.ramMiB,
    diskGiB: flavorDiskGiB(flavor, request.bootFromVolume === true),
    availabilityZone: az === '' ? null : az,
    image: request.image ?? null,
    serverGroup,
    groupMembers,
    sameHost,
    differentHost,
    uuidFlags: UuidFlags.of([
      [groupMembers, GROUP_MEMBER],
      [sameHost, SAME_HOST],
      [differentHost, DIFFERENT_HOST],
    ]),
    forcedHost: forced === null ? null : forced.toLowerCase(),
    ignoreHosts: ignore ? new Set([...ignore].map((h) => h.toLowerCase())) : null,
  };
}
