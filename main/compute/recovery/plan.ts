// What recovery does after a crash, decided from rows and what a host shows — pure functions, no I/O, so every rule
// is tested on plain data. The executor (`../recovery.ts`) carries the decisions out.
import type { InstanceFault, InstanceOrigin, InstanceRecord, InstanceVolume, PowerState, VmState } from '../../inventory/model';
import { PowerStateCode, powerStateFromLibvirt } from '../states/power-state';
import { vmStateForPower } from '../states/power-sync';

/** A domain as recovery saw it on a host. */
export interface RecoveryDomain {
  readonly uuid: string;
  readonly name: string;
  /** libvirt `virDomainState`. */
  readonly state: number;
  readonly managedSave?: boolean;
  /**
   * The instance UUID in the domain's `<virtdeck:instance>` metadata: null when it has none (adopted, foreign),
   * undefined when the XML was not read (the domain was not a candidate for anything).
   */
  readonly instanceUuid?: string | null;
}

/** A volume in one of the host's pools. */
export interface RecoveryVolume {
  readonly pool: string;
  readonly name: string;
}

/** What recovery will do about one instance whose task has no live owner. */
export type InstanceResolution =
  /** The build got as far as a running domain: finish it (`active`, `launched_at`). */
  | { readonly kind: 'finish-build'; readonly powerState: PowerState }
  /** A build cut short: remove what it made, then `error` with the fault. */
  | { readonly kind: 'roll-back-build'; readonly domainUuid: string | null; readonly volumes: readonly RecoveryVolume[]; readonly fault: InstanceFault }
  /** A delete cut short after its domain was gone: finish it (volumes removed, row deleted). */
  | { readonly kind: 'finish-delete'; readonly volumes: readonly RecoveryVolume[] }
  /** Any other task: clear it and take the state the host shows. */
  | { readonly kind: 'clear-task'; readonly vmState: Exclude<VmState, 'deleted'>; readonly powerState: PowerState }
  /** Any other task, and the domain is gone: what the reconciler does for a vanished domain. */
  | { readonly kind: 'vanished'; readonly origin: InstanceOrigin };

/** Volume names a build gives an instance: `<uuid>_disk`, `<uuid>_disk.eph0`, `<uuid>_disk.swap`, `<uuid>_disk.config`. */
const INSTANCE_VOLUME = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_disk(?:\.[A-Za-z0-9_.-]+)?$/;

/** Base images are shared by every instance on the host: never an instance's to remove. */
export const BASE_VOLUME_PREFIX = '_base_';

/** The instance UUID a volume name belongs to (`<uuid>_disk*`), or null when the name is not one of ours. */
export function instanceOfVolume(name: string): string | null {
  return INSTANCE_VOLUME.exec(name)?.[1] ?? null;
}

/** The fault of a build that was cut short. */
export function interruptedBuildFault(taskState: string, removed: readonly string[], at: string): InstanceFault {
  return {
    code: 500,
    message: `Build interrupted at ${taskState}`,
    details: `The process that ran the build ended before it finished. Recovery removed ${removed.length === 0 ? 'nothing (the build had not created anything on the host yet)' : removed.join(', ')}.`,
    createdAt: at,
  };
}

/**
 * Resolve one instance with a task in progress whose owner is gone, against its domain as the host shows it now
 * (null: no such domain) and the volumes in the host's pools.
 */
export function resolveInstance(instance: InstanceRecord, domain: RecoveryDomain | null, poolVolumes: readonly RecoveryVolume[], at: string): InstanceResolution {
  const taskState = instance.taskState ?? 'unknown';
  if (instance.vmState === 'building') {
    const power = domain === null ? PowerStateCode.NOSTATE : powerStateFromLibvirt(domain.state);
    if (power === PowerStateCode.RUNNING) return { kind: 'finish-build', powerState: power };
    const volumes = buildVolumes(instance, poolVolumes);
    const removed = [...(domain === null ? [] : [`domain ${domain.name}`]), ...volumes.filter((v) => present(v, poolVolumes)).map((v) => `volume ${v.pool}/${v.name}`)];
    return { kind: 'roll-back-build', domainUuid: domain?.uuid ?? null, volumes, fault: interruptedBuildFault(taskState, removed, at) };
  }
  if (domain === null) {
    if (instance.taskState === 'deleting') return { kind: 'finish-delete', volumes: ownVolumes(instance) };
    return { kind: 'vanished', origin: instance.origin };
  }
  const power = powerStateFromLibvirt(domain.state);
  return { kind: 'clear-task', vmState: vmStateForPower(power, domain.managedSave === undefined ? {} : { managedSave: domain.managedSave }), powerState: power };
}

/** The volumes a build recorded (never a base image), plus any `<uuid>_disk*` volume of this instance the host holds. */
function buildVolumes(instance: InstanceRecord, poolVolumes: readonly RecoveryVolume[]): RecoveryVolume[] {
  const out = ownVolumes(instance);
  for (const volume of poolVolumes) {
    if (instanceOfVolume(volume.name) === instance.uuid && !out.some((v) => v.pool === volume.pool && v.name === volume.name)) out.push(volume);
  }
  return out;
}

function ownVolumes(instance: InstanceRecord): RecoveryVolume[] {
  return instance.volumes.filter((v: InstanceVolume) => !v.name.startsWith(BASE_VOLUME_PREFIX)).map(({ pool, name }) => ({ pool, name }));
}

function present(volume: RecoveryVolume, poolVolumes: readonly RecoveryVolume[]): boolean {
  return poolVolumes.some((v) => v.pool === volume.pool && v.name === volume.name);
}

/** What recovery knows of an inventory row an orphan candidate names. */
export interface KnownRow {
  readonly uuid: string;
  readonly origin: InstanceOrigin;
  readonly deleted: boolean;
  /** The operator forgot it: its domain and volumes were handed back to the host, they are no longer ours. */
  readonly forgotten: boolean;
  /** Host ids and names the instance was placed on (its host, and every host a build attempt tried). */
  readonly hosts: ReadonlySet<string>;
}

/** What the orphan search looks at on one host. */
export interface OrphanInput {
  readonly host: { readonly id: string; readonly name: string };
  readonly domains: readonly RecoveryDomain[];
  readonly volumes: readonly RecoveryVolume[];
  /** Domain UUIDs that live instance rows on this host map to. */
  readonly liveDomainUuids: ReadonlySet<string>;
  /** Rows (live or deleted) for the instance UUIDs the candidates name; absent = the inventory never had it. */
  readonly rows: ReadonlyMap<string, KnownRow>;
}

/** Domains and volumes that are ours and belong to no live instance. */
export interface Orphans {
  readonly domains: readonly RecoveryDomain[];
  readonly volumes: readonly RecoveryVolume[];
}

/**
 * Ours = built here: the inventory has (had) a row for it, created here (not adopted), placed on this host. Only a
 * domain whose metadata names that row (and whose UUID is the row's, as every domain we build has) counts — a
 * domain another installation built, one copied from ours under a new UUID, one the inventory never knew, or one of
 * an instance that was `forget`-ed (handed back to the host) is never touched. An orphan is ours with no live row.
 */
export function findOrphans(input: OrphanInput): Orphans {
  const ours = (uuid: string): boolean => {
    const row = input.rows.get(uuid);
    return row !== undefined && row.deleted && !row.forgotten && row.origin === 'created' && (row.hosts.has(input.host.id) || row.hosts.has(input.host.name));
  };
  const domains = input.domains.filter(
    (domain) => !input.liveDomainUuids.has(domain.uuid) && typeof domain.instanceUuid === 'string' && domain.instanceUuid === domain.uuid && ours(domain.uuid),
  );
  const volumes = input.volumes.filter((volume) => {
    const uuid = instanceOfVolume(volume.name);
    return uuid !== null && ours(uuid);
  });
  return { domains, volumes };
}

/** Which domains' XML the orphan search must read: unmapped domains whose UUID names a row that may be ours. */
export function orphanCandidates(domains: readonly RecoveryDomain[], liveDomainUuids: ReadonlySet<string>): string[] {
  return domains.filter((domain) => !liveDomainUuids.has(domain.uuid)).map((domain) => domain.uuid);
}

/** A base-image upload row (`image_host_cache`), as recovery needs it. */
export interface UploadRow {
  readonly imageId: string;
  readonly hostId: string;
  readonly pool: string;
  readonly volumeName: string;
  readonly status: 'uploading' | 'ready';
  readonly owner: string | null;
}

/** Uploads whose uploader is gone: their partial volume and row go. */
export function staleUploads(rows: readonly UploadRow[], isOwnerAlive: (owner: string) => boolean): UploadRow[] {
  return rows.filter((row) => row.status === 'uploading' && (row.owner === null || !isOwnerAlive(row.owner)));
}

/** Whether an instance's task is abandoned: its owner is gone (or was never recorded, as on rows from before owners). */
export function isAbandoned(instance: Pick<InstanceRecord, 'taskState' | 'taskOwner'>, isOwnerAlive: (owner: string) => boolean): boolean {
  return instance.taskState !== null && (instance.taskOwner === null || !isOwnerAlive(instance.taskOwner));
}
