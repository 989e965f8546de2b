// The create wizard's pure model: the steps, the draft, per-field validation (as the operator types), which flavors
// can be chosen and why not, the quota after this request, and the request sent to `instances.create`. No React, no
// backend: unit-tested on its own (tests/unit/renderer/features/create/).
import type { QuotaLine } from '../../../common/contract/admin-schemas';
import type { PlacementPreview } from '../../../common/contract/create-schemas';
import type { CreateInstancesArgs, FlavorListing, Image, ProjectListing } from '../../../common/contract/schemas';

/** What the wizard reads of a quota line (`quotas.show`). */
export type QuotaFigures = Pick<QuotaLine, 'resource' | 'limit' | 'inUse'>;

/** The wizard's steps, in order (Horizon's launch dialog, plus placement and a review). */
export const WIZARD_STEPS = ['details', 'source', 'flavor', 'placement', 'network', 'access', 'review'] as const;

/** One step. */
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** Each step's title. */
export const STEP_TITLES: Readonly<Record<WizardStep, string>> = {
  details: 'Details',
  source: 'Source',
  flavor: 'Flavor',
  placement: 'Placement',
  network: 'Network',
  access: 'Key pair',
  review: 'Review',
};

/** What the operator has entered so far; text fields hold the text as typed. */
export interface WizardDraft {
  readonly name: string;
  /** Project id. */
  readonly project: string;
  readonly count: string;
  readonly description: string;
  /** Image id. */
  readonly image: string;
  /** Flavor id. */
  readonly flavor: string;
  readonly placement: 'auto' | 'host';
  /** Host name when `placement` is `host`. */
  readonly host: string;
  /** Server group id of the project; empty: none. */
  readonly serverGroup: string;
  /** Availability zone; empty: any (the scheduler's choice). */
  readonly availabilityZone: string;
  /** Network name; empty: the host's default network. */
  readonly network: string;
  /** Key pair name; empty: none. */
  readonly keyName: string;
  readonly userData: string;
}

/** A draft's field. */
export type DraftField = keyof WizardDraft;

/** An empty draft in `project` (the admin project, usually). */
export function emptyDraft(project = ''): WizardDraft {
  return { name: '', project, count: '1', description: '', image: '', flavor: '', placement: 'auto', host: '', serverGroup: '', availabilityZone: '', network: '', keyName: '', userData: '' };
}

/** Whether the operator changed anything (Escape then asks before discarding). */
export function isDirty(draft: WizardDraft, initial: WizardDraft): boolean {
  return (Object.keys(initial) as DraftField[]).some((field) => draft[field] !== initial[field]);
}

/** Most instances one request may create (main's MAX_CREATE_COUNT). */
export const MAX_COUNT = 100;
/** Most bytes of user-data (main refuses more). */
export const MAX_USER_DATA_BYTES = 65_536;

/** What the wizard loads from main: the lists it offers, the project's quota, and a placement preview per flavor. */
export interface WizardLists {
  readonly projects: readonly ProjectListing[];
  readonly images: readonly Image[];
  readonly flavors: readonly FlavorListing[];
  readonly quota: readonly QuotaFigures[] | null;
  /** `placement.preview` per flavor id, for this project, image and count (null while not asked). */
  readonly flavorPreviews: Readonly<Record<string, PlacementPreview>>;
}

/** What validation knows besides the draft: the lists, and the scheduler's answer for the request as drafted. */
export interface WizardFacts extends WizardLists {
  /** `placement.preview` of the request as drafted (with the picked host, if any). */
  readonly placement: PlacementPreview | null;
}

/** A field's problem, or absent when it is fine. */
export type FieldErrors = Partial<Record<DraftField, string>>;

// Control characters would end up in a domain name, a hostname and logs (main refuses them too).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The instance name's problem, if any. */
export function nameProblem(name: string): string | undefined {
  if (name === '') return 'Give the instance a name';
  if (name.trim() !== name) return 'No spaces at the start or end';
  if (name.length > 255) return `At most 255 characters (this is ${name.length})`;
  if (CONTROL.test(name)) return 'No control characters';
  return undefined;
}

/** The count as a number, or its problem. */
export function parseCount(text: string): number | string {
  if (!/^\d+$/.test(text.trim())) return 'A whole number, 1 or more';
  const count = Number(text.trim());
  if (count < 1) return 'At least 1';
  if (count > MAX_COUNT) return `At most ${MAX_COUNT} in one request`;
  return count;
}

/** The count, or 1 while what was typed is not a count (the flavor table still needs one). */
export function countOf(draft: WizardDraft): number {
  const count = parseCount(draft.count);
  return typeof count === 'number' ? count : 1;
}

/** Why an image cannot be booted, if it cannot. */
export function imageProblem(image: Image): string | undefined {
  if (image.status !== 'active') return `Image is ${image.status}, not active`;
  if (image.diskFormat !== 'qcow2' && image.diskFormat !== 'raw') return `${image.diskFormat} images cannot be booted (only qcow2 and raw)`;
  return undefined;
}

/** What `count` instances of a flavor add to each quota resource (disk: root + ephemeral + swap, as main counts it). */
export function requestDelta(flavor: FlavorListing, count: number): Readonly<Record<QuotaLine['resource'], number>> {
  const disk = flavor.diskGiB + flavor.ephemeralGiB + Math.ceil(flavor.swapMiB / 1024);
  return { instances: count, cores: flavor.vcpus * count, ram: flavor.ramMiB * count, disk: disk * count };
}

const RESOURCE_NAMES: Readonly<Record<QuotaLine['resource'], string>> = { instances: 'instances', cores: 'vCPUs', ram: 'RAM (MiB)', disk: 'disk (GiB)' };

/** The resource's name as the wizard writes it. */
export function resourceName(resource: QuotaLine['resource']): string {
  return RESOURCE_NAMES[resource];
}

/** Each quota line with the usage after this request (`after`) and whether it would exceed the limit. */
export function quotaAfter(quota: readonly QuotaFigures[], flavor: FlavorListing | undefined, count: number) {
  const delta = flavor === undefined ? null : requestDelta(flavor, count);
  return quota.map((line) => {
    const after = line.inUse + (delta?.[line.resource] ?? 0);
    return { ...line, after, exceeded: line.limit >= 0 && after > line.limit };
  });
}

/**
 * Why a flavor cannot be chosen for this request, or undefined: too small for the image (min_ram, min_disk), over
 * the project's remaining quota, or no host fits it (the scheduler's answer for this flavor).
 */
export function flavorProblem(flavor: FlavorListing, image: Image | undefined, facts: Pick<WizardFacts, 'quota' | 'flavorPreviews'>, count: number): string | undefined {
  if (image !== undefined) {
    if (image.minRamMiB > flavor.ramMiB) return `Less RAM than the image needs (min_ram ${image.minRamMiB} MiB)`;
    if (flavor.diskGiB > 0 && image.minDiskGiB > flavor.diskGiB) return `Smaller disk than the image needs (min_disk ${image.minDiskGiB} GiB)`;
  }
  if (facts.quota !== null) {
    const over = quotaAfter(facts.quota, flavor, count).filter((line) => line.exceeded);
    if (over.length > 0) return `Over quota: ${over.map((l) => `${resourceName(l.resource)} ${l.after} of ${l.limit}`).join(', ')}`;
  }
  const preview = facts.flavorPreviews[flavor.id];
  if (preview !== undefined && !preview.ok) return `Fits on no host: ${preview.message ?? 'no valid host'}`;
  return undefined;
}

/** Every field's problem on one step (a step is done when this is empty). */
export function validateStep(step: WizardStep, draft: WizardDraft, facts: WizardFacts): FieldErrors {
  const errors: { -readonly [F in DraftField]?: string } = {};
  switch (step) {
    case 'details': {
      errors.name = nameProblem(draft.name);
      const project = facts.projects.find((p) => p.id === draft.project);
      errors.project = project === undefined ? 'Choose a project' : project.enabled ? undefined : `Project ${project.name} is disabled`;
      const count = parseCount(draft.count);
      errors.count = typeof count === 'string' ? count : undefined;
      errors.description = draft.description.length > 255 ? `At most 255 characters (this is ${draft.description.length})` : undefined;
      break;
    }
    case 'source': {
      const image = facts.images.find((i) => i.id === draft.image);
      errors.image = image === undefined ? 'Choose an image to boot from' : imageProblem(image);
      break;
    }
    case 'flavor': {
      const flavor = facts.flavors.find((f) => f.id === draft.flavor);
      const image = facts.images.find((i) => i.id === draft.image);
      errors.flavor = flavor === undefined ? 'Choose a flavor' : flavorProblem(flavor, image, facts, countOf(draft));
      break;
    }
    case 'placement':
      if (draft.placement === 'host') {
        if (draft.host === '') errors.host = 'Choose a host, or let the scheduler place it';
        else if (facts.placement !== null && !facts.placement.ok) errors.host = facts.placement.message ?? `${draft.host} cannot take this request`;
      } else if (facts.placement !== null && !facts.placement.ok) {
        errors.host = facts.placement.message ?? 'No host can take this request';
      }
      break;
    case 'network':
      break;
    case 'access':
      errors.userData = new TextEncoder().encode(draft.userData).length > MAX_USER_DATA_BYTES ? `At most ${MAX_USER_DATA_BYTES / 1024} KiB of user-data` : undefined;
      break;
    case 'review':
      break;
  }
  for (const field of Object.keys(errors) as DraftField[]) if (errors[field] === undefined) delete errors[field];
  return errors;
}

/** The first step with a problem, or null when the request can be sent. */
export function firstInvalidStep(draft: WizardDraft, facts: WizardFacts): WizardStep | null {
  return WIZARD_STEPS.find((step) => Object.keys(validateStep(step, draft, facts)).length > 0) ?? null;
}

/** The `instances.create` request of a valid draft (references by id; empty optional fields left out). */
export function createArgs(draft: WizardDraft): CreateInstancesArgs {
  const count = countOf(draft);
  return {
    name: draft.name,
    project: draft.project,
    image: draft.image,
    flavor: draft.flavor,
    ...(count > 1 ? { count } : {}),
    ...(draft.description.trim() === '' ? {} : { description: draft.description }),
    ...(draft.placement === 'host' && draft.host !== '' ? { host: draft.host } : {}),
    ...(draft.serverGroup === '' ? {} : { serverGroup: draft.serverGroup }),
    ...(draft.availabilityZone === '' ? {} : { availabilityZone: draft.availabilityZone }),
    ...(draft.network === '' ? {} : { network: draft.network }),
    ...(draft.keyName === '' ? {} : { keyName: draft.keyName }),
    ...(draft.userData === '' ? {} : { userData: draft.userData }),
  };
}

/** The build's task states in order (main's BUILD_STEPS), then ACTIVE. */
export const BUILD_TASK_STATES = ['scheduling', 'networking', 'block_device_mapping', 'spawning'] as const;

/**
 * Where a build is: each step done, current or to come, and the outcome. A failed build has no task state left, so
 * `lastTaskState` (the last one seen in the feed) says which step failed.
 */
export function buildProgress(
  instance: { readonly status: string; readonly taskState: string | null },
  lastTaskState: string | null = null,
): {
  readonly steps: readonly { readonly state: string; readonly phase: 'done' | 'current' | 'todo' | 'failed' }[];
  readonly outcome: 'building' | 'active' | 'error';
} {
  const outcome = instance.status === 'ACTIVE' ? 'active' : instance.status === 'ERROR' ? 'error' : 'building';
  const indexOf = (task: string | null) => (task === null ? -1 : (BUILD_TASK_STATES as readonly string[]).indexOf(task));
  const at = outcome === 'error' ? Math.max(0, indexOf(lastTaskState)) : indexOf(instance.taskState);
  const steps = [...BUILD_TASK_STATES, 'ACTIVE'].map((state, index) => {
    if (outcome === 'active') return { state, phase: 'done' as const };
    if (index < at) return { state, phase: 'done' as const };
    if (index === at) return { state, phase: outcome === 'error' ? ('failed' as const) : ('current' as const) };
    return { state, phase: 'todo' as const };
  });
  return { steps, outcome };
}
