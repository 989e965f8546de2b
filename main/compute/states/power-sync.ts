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
  /** Whether addresses are recorded (they are cleared when the guest is off). */
  readonly hasAddresses?: boolean;
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

/** What a refresh saw of a domain besides its state. */
export interface ObservedPower {
  /**
   * Whether the domain has a managed-save image (libvirt shows a saved domain as shut off). Undefined when the
   * refresh did not find out (the driver refused the question): then a shut-off suspended instance stays suspended.
   */
  readonly managedSave?: boolean;
}

/** Where the observed power state takes vm_state; undefined = leave it. */
function nextVmState(vmState: VmState, power: PowerState, observed: ObservedPower): VmState | undefined {
  switch (power) {
    case PowerStateCode.RUNNING:
      // We differ from Nova on purpose: the hypervisor is the authority, so a domain an operator started with virsh
      // makes its stopped instance active instead of being powered off again.
      return vmState === 'stopped' || vmState === 'paused' || vmState === 'suspended' ? 'active' : undefined;
    case PowerStateCode.PAUSED:
      return vmState === 'active' || vmState === 'stopped' ? 'paused' : undefined;
    case PowerStateCode.SHUTDOWN:
      // A managed-save image (`virsh managedsave`, our suspend) is a suspended instance that libvirt shows as shut off.
      if (observed.managedSave === true) return vmState === 'active' || vmState === 'paused' || vmState === 'stopped' ? 'suspended' : undefined;
      // Known to have no image (it was removed, or the domain started and stopped since): plainly stopped.
      if (observed.managedSave === false && vmState === 'suspended') return 'stopped';
      return vmState === 'active' || vmState === 'paused' ? 'stopped' : undefined;
    case PowerStateCode.CRASHED:
      return vmState === 'active' || vmState === 'paused' ? 'stopped' : undefined;
    case PowerStateCode.SUSPENDED:
      return vmState === 'active' ? 'suspended' : undefined;
    default:
      return undefined;
  }
}

/** vm_state of an instance recovering from "vanished", or of a domain adopted into the inventory. */
export function vmStateForPower(power: PowerState, observed: ObservedPower = {}): Exclude<VmState, 'deleted'> {
  switch (power) {
    case PowerStateCode.RUNNING:
      return 'active';
    case PowerStateCode.PAUSED:
      return 'paused';
    case PowerStateCode.SUSPENDED:
      return 'suspended';
    case PowerStateCode.NOSTATE:
      return 'error';
    case PowerStateCode.SHUTDOWN:
      return observed.managedSave === true ? 'suspended' : 'stopped';
    default:
      return 'stopped';
  }
}

/** Whether a guest in this power state can hold network addresses (a shut-off or crashed one cannot). */
function holdsAddresses(power: PowerState): boolean {
  return power === PowerStateCode.RUNNING || power === PowerStateCode.PAUSED || power === PowerStateCode.SUSPENDED;
}

/**
 * Nova's power-state sync for one instance and the state its domain is in now (libvirt `virDomainState`), with our
 * differences: the hypervisor is the authority, and every change applies at once — a STOPPED seen while no task of
 * ours runs is the truth (a reboot of ours runs as a task, so it cannot flap; someone else's destroy-and-start shows
 * SHUTOFF for as long as it lasted). Returns the patch to write, or null when there is nothing to do.
 */
export function syncPowerState(instance: SyncedInstance, libvirtState: number, options: ObservedPower & { readonly now: string }): InstancePatch | null {
  // Never fight a task in progress: the action that set it owns the instance until it clears it.
  if (instance.taskState !== null || instance.vmState === 'deleted' || instance.vmState === 'building') return null;
  const power = powerStateFromLibvirt(libvirtState);
  const patch: { -readonly [K in keyof InstancePatch]: InstancePatch[K] } = {};
  if (power !== instance.powerState) patch.powerState = power;

  let vmState: VmState | undefined;
  if (isVanished(instance)) {
    vmState = vmStateForPower(power, options);
    patch.fault = null;
  } else if (instance.vmState !== 'error') {
    vmState = nextVmState(instance.vmState, power, options);
  }
  if (vmState !== undefined && vmState !== instance.vmState && vmState !== 'deleted') patch.vmState = vmState;
  if ((patch.vmState ?? instance.vmState) === 'active' && instance.launchedAt === null) patch.launchedAt = options.now;
  // Addresses come from leases and ARP: a guest that is off holds none, whatever it had while it ran.
  if (instance.hasAddresses === true && !holdsAddresses(power)) patch.addresses = {};
  return Object.keys(patch).length === 0 ? null : patch;
}
