// One instance's build, from `scheduling` to `active` or `error`: the host-side steps of each attempt, cleanup of an
// attempt that failed, and rescheduling host-side failures to another host (Nova's conductor + compute manager).
import { readSetting } from '../../settings/settings';
import type { HostRecord, InstanceRecord } from '../../inventory/model';
import { UnexpectedTaskStateError } from '../../inventory/errors';
import type { LibvirtConnection } from '../../libvirt';
import type { InstanceClaim } from '../claim';
import { resolveStoragePool } from '../../hosts/targets';
import { prepareBlockDevices } from './block-devices';
import { removeBuildLeftovers } from './cleanup';
import { DEFAULT_CONSOLE_LOG_DIR, DEFAULT_MAX_ATTEMPTS, DEFAULT_START_TIMEOUT_MS, type BuildDeps } from './deps';
import { BuildStepError, messageOf, type BuildStep } from './errors';
import { instanceHostname } from './names';
import { prepareNetworking } from './networking';
import { BuildRecords } from './records';
import { claimImage, type ValidatedCreate } from './request';
import { rescheduleInstance } from './reschedule';
import { spawnDomain, type VirtType } from './spawn';

/** Where an attempt is: the step it is in and the action event of that step. */
interface AttemptState {
  step: BuildStep;
  eventId: number | null;
}

/** The flavor sizes kept on the instance row (its snapshot of the flavor at build time). */
function flavorSizes(instance: InstanceRecord): { diskGiB: number; ephemeralGiB: number; swapMiB: number } {
  const n = (key: string): number => (typeof instance.flavor[key] === 'number' ? (instance.flavor[key] as number) : 0);
  return { diskGiB: n('diskGiB'), ephemeralGiB: n('ephemeralGiB'), swapMiB: n('swapMiB') };
}

/** The host-side steps of one attempt on `host`, each task state committed as it starts. */
async function runAttempt(deps: BuildDeps, request: ValidatedCreate, records: BuildRecords, host: HostRecord, state: AttemptState): Promise<InstanceRecord> {
  const instance = records.instance();
  const emitTask = (taskState: BuildStep) => deps.onEvent?.({ kind: 'task', uuid: instance.uuid, name: instance.name, host: host.name, taskState });
  return deps.hosts.use(host.id, async (conn: LibvirtConnection, hostRow: HostRecord) => {
    state.eventId = records.enter('scheduling', 'networking', host.name);
    state.step = 'networking';
    emitTask('networking');
    const net = await prepareNetworking(conn, hostRow, request.network);
    endStep(records, state);

    state.eventId = records.enter('networking', 'block_device_mapping', host.name, { network: net.network });
    state.step = 'block_device_mapping';
    emitTask('block_device_mapping');
    const pool = (await resolveStoragePool(conn, hostRow)).name;
    const devices = await prepareBlockDevices(conn, hostRow, {
      uuid: instance.uuid,
      hostname: instanceHostname(instance.name, instance.uuid),
      image: request.image,
      flavor: flavorSizes(instance),
      pool,
      store: deps.store,
      dataDir: deps.dataDir,
      ...(deps.activity === undefined ? {} : { activity: deps.activity }),
      publicKeys: request.keyPair === null ? [] : [request.keyPair.publicKey],
      userData: request.userData,
      record: (volume) => records.addVolume('block_device_mapping', volume),
      ssh: () => deps.hosts.ssh(host.id, deps.signal),
      onProgress: (progress) => deps.onEvent?.({ kind: 'upload', uuid: instance.uuid, name: instance.name, host: host.name, progress }),
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    });
    endStep(records, state);

    state.eventId = records.enter('block_device_mapping', 'spawning', host.name);
    state.step = 'spawning';
    emitTask('spawning');
    await spawnDomain(conn, hostRow, {
      uuid: instance.uuid,
      instanceName: instance.name,
      vcpus: instance.vcpus,
      memoryMiB: instance.ramMiB,
      volumes: devices.volumes,
      network: net.network,
      mac: net.mac,
      metadata: {
        uuid: instance.uuid,
        name: instance.name,
        project: request.project.name,
        flavor: { name: request.flavor.name, vcpus: request.flavor.vcpus, ram: request.flavor.ramMiB, disk: request.flavor.diskGiB, ephemeral: request.flavor.ephemeralGiB, swap: request.flavor.swapMiB },
        imageId: request.image.id,
        ...(instance.userId === null ? {} : { owner: instance.userId }),
        createdBy: deps.createdBy,
        createdAt: instance.createdAt,
      },
      consoleLogDir: deps.consoleLogDir === undefined ? DEFAULT_CONSOLE_LOG_DIR : deps.consoleLogDir,
      virtType: virtTypeSetting(deps),
      record: (domainName) => records.patch('spawning', { libvirtDomainName: domainName, libvirtDomainUuid: instance.uuid }),
      startTimeoutMs: deps.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    });
    return records.finish(state.eventId);
  });
}

/** The `virt_type` setting: `kvm` or `qemu`, or null for automatic. */
function virtTypeSetting(deps: BuildDeps): VirtType {
  const value = deps.store.read((repos) => readSetting(repos, 'virt_type'));
  return value === 'kvm' || value === 'qemu' ? value : null;
}

function endStep(records: BuildRecords, state: AttemptState): void {
  if (state.eventId !== null) records.endEvent(state.eventId);
  state.eventId = null;
}

/** Remove what the attempt left on the host; the error when that failed. */
async function cleanUp(deps: BuildDeps, host: HostRecord, records: BuildRecords): Promise<Error | null> {
  const row = records.instance();
  if (row.libvirtDomainUuid === null && row.volumes.length === 0) return null;
  try {
    await deps.hosts.use(host.id, (conn) => removeBuildLeftovers(conn, { domainUuid: row.libvirtDomainUuid, volumes: row.volumes }));
    return null;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Build one claimed instance. Never throws: a failure ends in `error` with the fault (and the row's attempts say
 * what each host did). Returns the final row.
 */
export async function buildInstance(deps: BuildDeps, request: ValidatedCreate, claim: InstanceClaim): Promise<InstanceRecord> {
  try {
    return await new InstanceBuild(deps, request, claim).run();
  } catch (error) {
    // A bug or the inventory itself failing (disk full): record it if the inventory still takes writes.
    const records = new BuildRecords(deps.store, claim.instance.uuid, claim.actionId, deps.now ?? (() => new Date()));
    try {
      const row = records.instance();
      if (row.vmState !== 'building' || row.taskState === null) return row;
      return records.fail(row.taskState as BuildStep, records.fault(`Build failed: ${messageOf(error)}`), { release: false });
    } catch {
      return claim.instance;
    }
  }
}

/** The attempts of one instance's build. */
class InstanceBuild {
  private readonly records: BuildRecords;
  private readonly maxAttempts: number;
  private readonly tried: string[] = [];
  private readonly failures: string[] = [];

  constructor(
    private readonly deps: BuildDeps,
    private readonly request: ValidatedCreate,
    private readonly claim: InstanceClaim,
  ) {
    this.records = new BuildRecords(deps.store, claim.instance.uuid, claim.actionId, deps.now ?? (() => new Date()));
    // Nova does not reschedule a build whose host was forced.
    this.maxAttempts = request.forcedHost === null ? (deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS) : 1;
  }

  async run(): Promise<InstanceRecord> {
    let host = this.claim.host;
    for (;;) {
      this.tried.push(host.name);
      const state: AttemptState = { step: 'scheduling', eventId: null };
      let next: HostRecord | InstanceRecord;
      try {
        const done = await runAttempt(this.deps, this.request, this.records, host, state);
        this.deps.onEvent?.({ kind: 'active', uuid: done.uuid, name: done.name, instance: done });
        return done;
      } catch (error) {
        try {
          next = await this.afterFailure(host, state, error);
        } catch (lost) {
          // The instance was taken over while we failed (a delete): it is theirs to finish.
          if (lost instanceof UnexpectedTaskStateError) return this.records.instance();
          throw lost;
        }
      }
      if ('uuid' in next) return next;
      this.deps.onEvent?.({ kind: 'reschedule', uuid: this.records.uuid, name: this.claim.instance.name, from: host.name, to: next.name, reason: this.failures.at(-1) ?? '' });
      host = next;
    }
  }

  /** A failed attempt: end its event, clean up, then fail for good (the final row) or return the next host. */
  private async afterFailure(host: HostRecord, state: AttemptState, error: unknown): Promise<HostRecord | InstanceRecord> {
    const { records } = this;
    const failure = error instanceof BuildStepError ? error : new BuildStepError(state.step, host.name, error);
    if (state.eventId !== null) records.endEvent(state.eventId, failure.message);
    state.eventId = null;
    const cleanupError = await cleanUp(this.deps, host, records);
    // Another task (a delete) took the instance over: what we made is removed, the row is theirs now.
    if (error instanceof UnexpectedTaskStateError) throw error;
    this.failures.push(failure.message);
    if (cleanupError !== null) {
      const fault = records.fault(`${failure.message}; removing what the build created on ${host.name} failed too: ${messageOf(cleanupError)} (delete the instance to retry)`);
      return this.finalFailure(records.fail(state.step, fault, { release: false }));
    }
    const fault = records.fault(failure.message, errorDetails(error));
    const retry = failure.hostSide && this.tried.length < this.maxAttempts && this.deps.signal?.aborted !== true;
    if (!retry) {
      const message = this.tried.length > 1 ? `Build failed after ${this.tried.length} attempts (${this.tried.join(', ')}); last: ${failure.message}` : failure.message;
      return this.finalFailure(records.fail(state.step, { ...fault, message }, { release: true, attemptFault: fault }));
    }
    records.cleaned(state.step, fault);
    const next = rescheduleInstance(this.deps.store, {
      uuid: records.uuid,
      actionId: records.actionId,
      flavor: this.request.flavor,
      image: claimImage(this.request.image),
      serverGroupId: this.claim.serverGroupId ?? null,
      availabilityZone: this.request.availabilityZone,
      tried: this.tried,
      ...(this.deps.schedulerConfig === undefined ? {} : { schedulerConfig: this.deps.schedulerConfig }),
      ...(this.deps.random === undefined ? {} : { random: this.deps.random }),
    });
    if (!next.ok) {
      const message = `${failure.message}; no other host to retry on: ${next.message}`;
      return this.finalFailure(records.fail('scheduling', records.fault(message, this.failures.join('\n')), { release: true }));
    }
    return next.host;
  }

  private finalFailure(row: InstanceRecord): InstanceRecord {
    if (row.fault !== null) this.deps.onEvent?.({ kind: 'error', uuid: row.uuid, name: row.name, fault: row.fault });
    return row;
  }
}

/** Details kept with the fault: the stack's first frames (libvirt's message is in the fault's message already). */
function errorDetails(error: unknown): string | undefined {
  const cause = error instanceof BuildStepError ? error.cause : error;
  if (!(cause instanceof Error)) return undefined;
  return cause.stack?.split('\n').slice(0, 6).join('\n');
}
