// The build's writes to the inventory. Each task-state change is one committed write, guarded by the state it
// leaves (a compare-and-swap: a delete that took the instance over meanwhile makes the build stop), together with
// the instance action event of the step it starts.
import type { BuildAttempt, InstanceFault, InstanceRecord, InstanceVolume } from '../../inventory/model';
import type { InstancePatch, InventoryStore } from '../../inventory/repositories';
import type { BuildStep } from './errors';
import { failLastAttempt } from './attempts';

/** The instance action event of each step after scheduling (Nova's names). */
export const STEP_EVENTS: Readonly<Record<Exclude<BuildStep, 'scheduling'>, string>> = {
  networking: 'compute_prepare_networking',
  block_device_mapping: 'compute_block_device_mapping',
  spawning: 'compute_spawn',
};

/** Writes of one instance's build. */
export class BuildRecords {
  constructor(
    private readonly store: InventoryStore,
    readonly uuid: string,
    readonly actionId: number,
    private readonly now: () => Date,
  ) {}

  /** The row as it is now. */
  instance(): InstanceRecord {
    const row = this.store.read((repos) => repos.instances.get(this.uuid));
    if (row === undefined) throw new Error(`instance ${this.uuid} is gone from the inventory`);
    return row;
  }

  /** Move from `from` to the step `to`, starting its action event on `host`; returns the event id. */
  enter(from: BuildStep, to: Exclude<BuildStep, 'scheduling'>, host: string, patch: InstancePatch = {}): number {
    return this.store.write((repos) => {
      repos.instances.update(this.uuid, { ...patch, taskState: to }, { expectedTaskState: [from] });
      return repos.instanceActions.startEvent(this.actionId, STEP_EVENTS[to], host).id;
    });
  }

  /** Change the row while it is in `step`. */
  patch(step: BuildStep, patch: InstancePatch): void {
    this.store.write((repos) => repos.instances.update(this.uuid, patch, { expectedTaskState: [step] }));
  }

  /** Add a volume to `volumes_json` (before it is created). */
  addVolume(step: BuildStep, volume: InstanceVolume): void {
    this.store.write((repos) => {
      const row = repos.instances.get(this.uuid);
      const volumes = [...(row?.volumes ?? []).filter((v) => v.name !== volume.name || v.pool !== volume.pool), volume];
      repos.instances.update(this.uuid, { volumes }, { expectedTaskState: [step] });
    });
  }

  /** End an action event. */
  endEvent(eventId: number, error?: string): void {
    this.store.write((repos) => repos.instanceActions.finishEvent(eventId, error === undefined ? 'Success' : 'Error', error ?? null));
  }

  /** The build is done: `active`, running, launched now; the spawn event and the create action end. */
  finish(eventId: number): InstanceRecord {
    return this.store.write((repos) => {
      const row = repos.instances.update(
        this.uuid,
        { vmState: 'active', taskState: null, powerState: 1, launchedAt: this.now().toISOString(), taskOwner: null, fault: null },
        { expectedTaskState: ['spawning'] },
      );
      repos.instanceActions.finishEvent(eventId, 'Success');
      repos.instanceActions.finish(this.actionId);
      return row;
    });
  }

  /** A fault as Nova records it (code 500 for build failures). */
  fault(message: string, details?: string, code = 500): InstanceFault {
    return { code, message, ...(details === undefined ? {} : { details }), createdAt: this.now().toISOString() };
  }

  /**
   * The host work of an attempt was cleaned up: forget its volumes and domain, note the attempt's fault, and go back
   * to `scheduling` for the next host.
   */
  cleaned(step: BuildStep, fault: InstanceFault): readonly BuildAttempt[] {
    return this.store.write((repos) => {
      const row = repos.instances.get(this.uuid);
      const attempts = failLastAttempt(row?.buildAttempts ?? [], fault);
      repos.instances.update(
        this.uuid,
        { taskState: 'scheduling', volumes: [], libvirtDomainName: null, libvirtDomainUuid: null, buildAttempts: attempts },
        { expectedTaskState: [step] },
      );
      return attempts;
    });
  }

  /**
   * The build failed for good: `error` with the fault, the task cleared, the create action ended with the message;
   * the last attempt keeps its own fault (`attemptFault`, default the same).
   * With `release`, the host allocation is released (host_id NULL, as Nova nils out host and node); without it (the
   * host still holds what cleanup could not remove) the row stays on its host so that a delete removes the rest.
   */
  fail(step: BuildStep, fault: InstanceFault, options: { readonly release: boolean; readonly attemptFault?: InstanceFault }): InstanceRecord {
    return this.store.write((repos) => {
      const row = repos.instances.get(this.uuid);
      const attempts = row?.buildAttempts.at(-1)?.fault === null ? failLastAttempt(row.buildAttempts, options.attemptFault ?? fault) : (row?.buildAttempts ?? []);
      const patch: InstancePatch = {
        vmState: 'error',
        taskState: null,
        powerState: 0,
        taskOwner: null,
        fault,
        buildAttempts: attempts,
        ...(options.release ? { hostId: null, volumes: [], libvirtDomainName: null, libvirtDomainUuid: null } : {}),
      };
      const updated = repos.instances.update(this.uuid, patch, { expectedTaskState: [step] });
      repos.instanceActions.finish(this.actionId, fault.message);
      return updated;
    });
  }
}
