// Power: start, stop (ACPI, waiting for the guest), force off.
import { isOperationInvalid, DomainState, type DomainRef, type LibvirtConnection } from '../../libvirt';
import { readSetting } from '../../settings/settings';
import { PowerStateCode } from '../states/power-state';
import { vmStateForPower } from '../states/power-sync';
import { powerStateFromLibvirt } from '../states/power-state';
import { onDomain, requireDomain, runTask, type ActionContext, type ActionResult } from './context';
import { waitForDomainState } from './wait';

const isOff = (state: number): boolean => state === DomainState.SHUTOFF || state === DomainState.CRASHED;

/** Start the domain (restoring a managed-save image if there is one); "already running" is not an error. */
export async function createDomain(conn: LibvirtConnection, dom: DomainRef): Promise<void> {
  try {
    await conn.domains.create(dom);
  } catch (error) {
    if (!isOperationInvalid(error)) throw error;
  }
}

/** Force the domain off; "not running" is not an error. */
export async function destroyDomain(conn: LibvirtConnection, dom: DomainRef): Promise<void> {
  try {
    await conn.domains.destroy(dom);
  } catch (error) {
    if (!isOperationInvalid(error)) throw error;
  }
}

/** Ask the guest to shut down (ACPI); a domain that is not running is already where a shutdown would take it. */
export async function requestShutdown(conn: LibvirtConnection, dom: DomainRef): Promise<void> {
  try {
    await conn.domains.shutdown(dom);
  } catch (error) {
    if (!isOperationInvalid(error)) throw error;
  }
}

/** The stop timeout to use: the caller's, else the installation's setting. */
export function stopTimeoutSeconds(ctx: ActionContext, override?: number): number {
  return override ?? ctx.store.read((repos) => readSetting(repos, 'stop_timeout_seconds'));
}

/** Shut the guest down through ACPI and wait for it; whether it went off in time. */
export async function gracefulShutdown(ctx: ActionContext, conn: LibvirtConnection, dom: DomainRef, timeoutSeconds: number): Promise<{ readonly off: boolean; readonly state: number }> {
  await requestShutdown(conn, dom);
  const { reached, state } = await waitForDomainState(ctx, conn, dom, isOff, timeoutSeconds * 1000);
  return { off: reached, state };
}

/** The states of a domain that is running again after an action. */
export async function statesAfterStart(conn: LibvirtConnection, dom: DomainRef): Promise<{ readonly vmState: ReturnType<typeof vmStateForPower>; readonly powerState: ReturnType<typeof powerStateFromLibvirt> }> {
  const power = powerStateFromLibvirt((await conn.domains.getState(dom)).state);
  return { vmState: vmStateForPower(power), powerState: power };
}

/** Nova's start (power on): from stopped to active. */
export function startInstance(ctx: ActionContext, ref: string): Promise<ActionResult> {
  return runTask(ctx, ref, { action: 'start', taskState: 'powering-on', event: 'compute_start_instance', prepare: requireDomain }, (task) =>
    onDomain(ctx, task, async (conn, dom) => {
      await createDomain(conn, dom);
      return { patch: await statesAfterStart(conn, dom) };
    }),
  );
}

/**
 * Nova's stop, with a clean shutdown: ask the guest through ACPI and wait up to the stop timeout. A guest that does
 * not go off in time is left running: the task clears, the action records the timeout, and the result offers a
 * forced stop — unlike Nova, which destroys it silently.
 */
export function stopInstance(ctx: ActionContext, ref: string, options: { readonly timeoutSeconds?: number } = {}): Promise<ActionResult> {
  return runTask(ctx, ref, { action: 'stop', taskState: 'powering-off', event: 'compute_stop_instance', prepare: requireDomain }, (task) =>
    onDomain(ctx, task, async (conn, dom) => {
      const timeout = stopTimeoutSeconds(ctx, options.timeoutSeconds);
      const { off, state } = await gracefulShutdown(ctx, conn, dom, timeout);
      if (off) return { patch: { vmState: 'stopped', powerState: PowerStateCode.SHUTDOWN } };
      return {
        patch: { powerState: powerStateFromLibvirt(state) },
        result: 'Error',
        done: false,
        message: `Instance ${task.name} did not stop within ${timeout} s of the ACPI shutdown request; it is still running. Force it off to stop it now.`,
        offer: 'force-stop',
      };
    }),
  );
}

/** Force the domain off at once (libvirt destroy: pulling the plug). */
export function forceStopInstance(ctx: ActionContext, ref: string): Promise<ActionResult> {
  return runTask(ctx, ref, { action: 'force-stop', taskState: 'powering-off', event: 'compute_stop_instance', prepare: requireDomain }, (task) =>
    onDomain(ctx, task, async (conn, dom) => {
      await destroyDomain(conn, dom);
      return { patch: { vmState: 'stopped', powerState: PowerStateCode.SHUTDOWN } };
    }),
  );
}
