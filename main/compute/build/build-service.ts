// The builds a process runs: creates start here and are tracked until they end, so the app can stop them cleanly
// (abort, clean up, `error`) when it shuts down, and the CLI can wait for them before it exits.
import { setMaxListeners } from 'node:events';
import type { ActivityRegistry } from '../../activity';
import type { Inventory } from '../../inventory';
import type { InstanceRecord } from '../../inventory/model';
import { currentOwner } from '../../compute/process-owner';
import type { HostConnections } from '../host-access';
import { installationId } from '../installation';
import { buildActivities } from './build-activity';
import { createInstances, type CreateInstancesResult } from './create';
import type { BuildDeps, BuildEvent } from './deps';
import type { CreateInstancesRequest } from './request';

/** What the service needs: the build deps minus what it owns itself (the abort signal). */
export type BuildServiceDeps = Omit<BuildDeps, 'signal' | 'onEvent'>;

/** Starts creates and keeps track of the builds in progress. */
export class BuildService {
  private readonly running = new Set<Promise<readonly InstanceRecord[]>>();
  private readonly abort = new AbortController();
  private readonly listeners = new Set<(event: BuildEvent) => void>();

  constructor(private readonly deps: BuildServiceDeps) {
    // Every build in progress listens on the one signal (base-image waits, the STARTED wait): no leak warning at 11.
    setMaxListeners(0, this.abort.signal);
  }

  /** Builds in progress. */
  get inProgress(): number {
    return this.running.size;
  }

  /** Hear every build event of this service; returns the unsubscribe function. */
  subscribe(listener: (event: BuildEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Validate, claim and start building (see {@link createInstances}); `onEvent` hears this request's builds. */
  create(request: CreateInstancesRequest, onEvent?: (event: BuildEvent) => void): CreateInstancesResult {
    if (this.abort.signal.aborted) throw new Error('Virt Deck is shutting down: no new builds');
    // Builds start right after the claim, before the activities exist: their first events wait for them.
    let activities: ((event: BuildEvent) => void) | null = null;
    const early: BuildEvent[] = [];
    const result = createInstances(
      {
        ...this.deps,
        signal: this.abort.signal,
        onEvent: (event) => {
          onEvent?.(event);
          for (const listener of this.listeners) listener(event);
          if (activities === null) early.push(event);
          else activities(event);
        },
      },
      request,
    );
    if (this.deps.activity !== undefined) {
      const report = buildActivities(this.deps.activity, result.instances);
      activities = report;
      for (const event of early.splice(0)) report(event);
    } else {
      activities = () => undefined;
    }
    const done = result.done;
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
    return result;
  }

  /** Stop: builds in progress are aborted, cleaned up and end in `error`; resolves when all have ended. */
  async close(): Promise<void> {
    this.abort.abort(new Error('Virt Deck is shutting down'));
    await Promise.allSettled([...this.running]);
  }
}

/** Options of {@link buildServiceFor}. */
export interface BuildServiceOptions {
  readonly activity?: ActivityRegistry;
  /** Tests shorten the STARTED wait or pin the scheduler. */
  readonly overrides?: Partial<Omit<BuildServiceDeps, 'store' | 'hosts' | 'dataDir'>>;
}

/** The build service of a process over its inventory and its way of reaching hosts. */
export function buildServiceFor(inventory: Inventory, hosts: HostConnections, options: BuildServiceOptions = {}): BuildService {
  return new BuildService({
    store: inventory.store,
    hosts,
    dataDir: inventory.dataDir,
    taskOwner: currentOwner(),
    createdBy: installationId(inventory.store),
    ...(options.activity === undefined ? {} : { activity: options.activity }),
    ...options.overrides,
  });
}
