import type { PowerState } from '../../inventory/model';

/** Nova's power_state codes by name (nova/compute/power_state.py). */
export const PowerStateCode = {
  NOSTATE: 0,
  RUNNING: 1,
  PAUSED: 3,
  SHUTDOWN: 4,
  CRASHED: 6,
  SUSPENDED: 7,
} as const satisfies Record<string, PowerState>;

// libvirt's virDomainState numbers (libvirt-protocol.md §11.4), kept here as plain data so this module stays pure.
const LIBVIRT_TO_POWER: Readonly<Record<number, PowerState>> = {
  0: PowerStateCode.NOSTATE,
  1: PowerStateCode.RUNNING, // RUNNING
  2: PowerStateCode.RUNNING, // BLOCKED: running, waiting on a resource
  3: PowerStateCode.PAUSED,
  4: PowerStateCode.SHUTDOWN, // SHUTDOWN: being shut down
  5: PowerStateCode.SHUTDOWN, // SHUTOFF
  6: PowerStateCode.CRASHED,
  7: PowerStateCode.SUSPENDED, // PMSUSPENDED
};

/** The power_state Nova's libvirt driver reports for a libvirt domain state; unknown states are NOSTATE. */
export function powerStateFromLibvirt(libvirtState: number): PowerState {
  return LIBVIRT_TO_POWER[libvirtState] ?? PowerStateCode.NOSTATE;
}

const POWER_STATE_NAMES: Readonly<Record<PowerState, string>> = {
  0: 'NOSTATE',
  1: 'Running',
  3: 'Paused',
  4: 'Shutdown',
  6: 'Crashed',
  7: 'Suspended',
};

/** The name `nova list` prints in its Power State column. */
export function powerStateName(state: PowerState): string {
  return POWER_STATE_NAMES[state];
}
