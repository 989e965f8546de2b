import type { InstanceFault, PowerState, VmState } from '../../inventory/model';
import type { InstancePatch } from '../../inventory/repositories';
import { PowerStateCode, powerStateFromLibvirt } from './power-state';

/** The instance fields the power-state sync reads. */
export interface SyncedInstance {
  readonly vmState: VmState;
  readonly taskState: string | null;
  readonly powerState: PowerState;
  readonly fault: InstanceFault | null;
  readonly launchedAt: string | null;
}

/** Fault code of an instance whose domain disappeared from its host (Nova records NotFound faults as 404). */
export const VANISHED_FAULT_CODE = 404;

/** The fault recorded when a known instance's domain is no longer on its host. */
export function vanishedFault(domain: { readonly name: string; readonly uuid: string }, hostName: string, at: string): InstanceFault {
  return {
    code: VANISHED_FAULT_CODE,
    message: `Domain ${domain.name} (${domain.uuid}) is no longer defined on host ${hostName}`,
    details: 'The domain was undefined or disappeared behind the inventory\'s back (virsh undefine, a transient domain that stopped, a host rebuilt). The instance row is kept; delete it, or define the domain again to recover it.',
    createdAt: at,
  };
}

/** Whether an instance is in ERROR only because its domain had vanished (so it recovers when the domain returns). */
export function isVanished(instance: Pick<SyncedInstance, 'vmState' | 'fault'>): boolean {
  return instance.vmState === 'error' && instance.fault?.code === VANISHED_FAULT_CODE;
}

/** Outcome of one sync: the patch to write (null = nothing to do), and whether a stop transition was held back. */
export interface PowerSyncResult {
  readonly patch: InstancePatch | null;
  /** True when the domain looks stopped but `deferStop` kept vm_state: check again after the debounce. */
  readonly stopDeferred: boolean;
}

const NOTHING: PowerSyncResult = { patch: null, stopDeferred: false };

/** Where the observed power state takes vm_state; undefined = leave it. */
function nextVmState(vmState: VmState, power: PowerState): VmState | undefined {
  switch (power) {
    case PowerStateCode.RUNNING:
      // We differ from Nova on purpose: the hypervisor is the authority, so a domain an operator started with virsh
      // makes its stopped instance active instead of being powered off again.
      return vmState === 'stopped' || vmState === 'paused' || vmState === 'suspended' ? 'active' : undefined;
    case PowerStateCode.PAUSED:
      return vmState === 'active' || vmState === 'stopped' ? 'paused' : undefined;
    case PowerStateCode.SHUTDOWN:
    case PowerStateCode.CRASHED:
      // A suspended instance is a managed-save image, which libvirt shows as shut off: that is expected.
      return vmState === 'active' || vmState === 'paused' ? 'stopped' : undefined;
    case PowerStateCode.SUSPENDED:
      return vmState === 'active' ? 'suspended' : undefined;
    default:
      return undefined;
  }
}

/** vm_state of an instance recovering from "vanished", or of a domain adopted into the inventory. */
export function vmStateForPower(power: PowerState): Exclude<VmState, 'deleted'> {
  switch (power) {
    case PowerStateCode.RUNNING:
      return 'active';
    case PowerStateCode.PAUSED:
      return 'paused';
    case PowerStateCode.SUSPENDED:
      return 'suspended';
    case PowerStateCode.NOSTATE:
      return 'error';
    default:
      return 'stopped';
  }
}

/**
 * Nova's power-state sync for one instance and the state its domain is in now (libvirt `virDomainState`), with our
 * differences: the hypervisor is the authority, and a stop can be held back (`deferStop`) so that a reboot seen as
 * STOPPED then STARTED does not flap the instance to SHUTOFF; the power state itself is always written at once.
 */
export function syncPowerState(instance: SyncedInstance, libvirtState: number, options: { readonly deferStop?: boolean; readonly now: string }): PowerSyncResult {
  // Never fight a task in progress: the action that set it owns the instance until it clears it.
  if (instance.taskState !== null || instance.vmState === 'deleted' || instance.vmState === 'building') return NOTHING;
  const power = powerStateFromLibvirt(libvirtState);
  const patch: { -readonly [K in keyof InstancePatch]: InstancePatch[K] } = {};
  if (power !== instance.powerState) patch.powerState = power;

  let vmState: VmState | undefined;
  if (isVanished(instance)) {
    vmState = vmStateForPower(power);
    patch.fault = null;
  } else if (instance.vmState !== 'error') {
    vmState = nextVmState(instance.vmState, power);
  }
  let stopDeferred = false;
  if (vmState === 'stopped' && options.deferStop === true && !isVanished(instance)) {
    vmState = undefined;
    stopDeferred = true;
  }
  if (vmState !== undefined && vmState !== instance.vmState && vmState !== 'deleted') patch.vmState = vmState;
  if ((patch.vmState ?? instance.vmState) === 'active' && instance.launchedAt === null) patch.launchedAt = options.now;
  return { patch: Object.keys(patch).length === 0 ? null : patch, stopDeferred };
}
