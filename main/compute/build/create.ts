// The create entry point: validate, claim quota and hosts for the whole request in one transaction, then build
// every instance in the background (bounded parallelism). The caller gets the claimed rows at once.
import type { InstanceRecord } from '../../inventory/model';
import { claimInstances } from '../claim';
import { buildInstance } from './build-instance';
import { DEFAULT_BUILD_CONCURRENCY, type BuildDeps } from './deps';
import { claimImage, validateCreateRequest, type CreateInstancesRequest } from './request';

/** What {@link createInstances} started. */
export interface CreateInstancesResult {
  /** Nova's request id, shared by the instances. */
  readonly requestId: string;
  /** The instances as claimed: `building`, task `scheduling`, on their first host. */
  readonly instances: readonly InstanceRecord[];
  /** Settles (never rejects) when every build has ended: the final rows (`active` or `error`). */
  readonly done: Promise<readonly InstanceRecord[]>;
}

/** Run `work` over `items` with at most `limit` at once; results in input order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Create instances: the request is checked (BuildRequestError / NotFoundError naming the field), quota and hosts
 * are claimed for the whole batch at once (QuotaExceededError, NoValidHostError), and the builds start. Throws only
 * before anything was written; from then on every outcome is on the instance rows.
 */
export function createInstances(deps: BuildDeps, request: CreateInstancesRequest): CreateInstancesResult {
  const valid = validateCreateRequest(deps.store, request);
  const claim = claimInstances(
    deps.store,
    {
      project: valid.project.id,
      userId: valid.userId,
      name: valid.name,
      flavor: valid.flavor.id,
      image: claimImage(valid.image),
      count: valid.count,
      serverGroup: valid.serverGroup,
      availabilityZone: valid.availabilityZone,
      forcedHost: valid.forcedHost?.name ?? null,
      metadata: valid.metadata,
      origin: 'created',
      description: valid.description,
      keyName: valid.keyPair?.name ?? null,
      userData: valid.userData,
      network: valid.network,
      taskOwner: deps.taskOwner,
    },
    {
      ...(deps.schedulerConfig === undefined ? {} : { schedulerConfig: deps.schedulerConfig }),
      ...(deps.random === undefined ? {} : { random: deps.random }),
    },
  );
  const done = mapBounded(claim.claims, deps.concurrency ?? DEFAULT_BUILD_CONCURRENCY, (one) => buildInstance(deps, valid, one));
  return { requestId: claim.requestId, instances: claim.claims.map((c) => c.instance), done };
}
