// "Where would this go, and why": the claim's scheduler run over the same host states, in a read transaction that
// writes nothing — no instance rows, no allocations. The create wizard shows it before the operator commits; the
// claim at create time runs the scheduler again, so a host that filled up meanwhile is not chosen.
import type { PlacementPreview, PreviewHost } from '../../common/contract/create-schemas';
import type { FlavorRecord, ImageRecord } from '../inventory/model';
import type { InventoryStore } from '../inventory/repositories';
import { resolveHost, resolveProject } from '../inventory/services';
import { InventoryError } from '../inventory/errors';
import { placementImageProperties, resolveImage } from '../images';
import { resolveSchedulerConfig, schedule } from '../placement';
import type { HostExplanation, ImageProperties, SchedulerConfig } from '../placement/types';
import { explainChoice } from './build/attempts';
import { BuildRequestError } from './build/errors';
import { checkImageFits } from './build/request';
import { groupOfProject, schedulerGroup, usableFlavor } from './claim';
import { loadHostStates } from './claim-hosts';

/** What a preview takes (references are names or ids). */
export interface PlacementPreviewRequest {
  readonly project?: string;
  readonly flavor: string;
  readonly image?: string;
  readonly count?: number;
  /** Force this host, as a create with `host` does. */
  readonly host?: string;
  /** The project's server group the create would join. */
  readonly serverGroup?: string;
  readonly availabilityZone?: string;
}

/** Run the scheduler for `request` without claiming; refuses an unknown project, flavor, image or a disabled project. */
export function previewPlacement(store: InventoryStore, request: PlacementPreviewRequest, schedulerConfig?: Partial<SchedulerConfig>): PlacementPreview {
  const imageRecord = request.image === undefined ? null : resolveImage(store, request.image);
  const image: ImageProperties | null = imageRecord === null ? null : placementImageProperties(imageRecord.properties);
  return store.read((repos) => {
    const project = resolveProject(repos, request.project);
    if (!project.enabled) throw new InventoryError(`Project ${project.name} is disabled`);
    const flavor = usableFlavor(repos, request.flavor, project);
    // The create's own checks before the scheduler: an image the flavor cannot boot goes nowhere, on any host.
    const unfit = imageRecord === null ? null : imageProblem(imageRecord, flavor);
    if (unfit !== null) return { ok: false, chosen: [], explanation: null, message: unfit, hosts: [] };
    const group = request.serverGroup === undefined ? null : groupOfProject(repos, request.serverGroup, project);
    const { states } = loadHostStates(repos);
    const result = schedule(
      {
        flavor,
        numInstances: request.count ?? 1,
        image,
        // By id or name, as a create takes it; the scheduler matches host names.
        forcedHost: request.host === undefined ? null : resolveHost(repos, request.host).name,
        availabilityZone: request.availabilityZone ?? null,
        serverGroup: group && schedulerGroup(group),
      },
      states,
      resolveSchedulerConfig(schedulerConfig),
    );
    const first = result.attempts[0];
    return {
      ok: result.ok,
      chosen: [...result.hosts],
      explanation: result.ok && first !== undefined ? explainChoice(first) : null,
      message: result.ok ? null : `${result.error.message} ${result.error.detail}`,
      hosts: result.explanations.map(hostView),
    };
  });
}

function hostView(e: HostExplanation): PreviewHost {
  if (!e.passed) return { host: e.host, passed: false, filter: e.filter, reason: e.reason };
  return { host: e.host, passed: true, rank: e.rank, weight: e.weight, chosen: e.chosen, weighers: e.weighers.map((w) => ({ ...w })) };
}

/** Why a create of this image with this flavor would be refused before placement, or null. */
function imageProblem(image: ImageRecord, flavor: FlavorRecord): string | null {
  try {
    checkImageFits(image, flavor);
    return null;
  } catch (error) {
    if (error instanceof BuildRequestError) return error.message;
    throw error;
  }
}
