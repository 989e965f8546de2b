import { XmlError } from '../errors';
import type { CapabilitiesGuest, CapabilitiesXml, GuestMachine } from './capabilities';

/** What a domain needs from the host's capabilities to be defined there. */
export interface GuestChoice {
  readonly osType: string;
  readonly arch: string;
  readonly domainType: string;
  /** The versioned machine type (`pc-i440fx-7.2`), or null when the host lists none. */
  readonly machine: string | null;
  /** The emulator binary, or null when the host lists none. */
  readonly emulator: string | null;
}

/** What to look for. */
export interface GuestWanted {
  /** `kvm` or `qemu` (TCG). */
  readonly domainType: string;
  /** Guest architecture; default: the host's own. */
  readonly arch?: string;
  /** Default `hvm`. */
  readonly osType?: string;
  /** Machine alias to prefer (default `pc`, libvirt's default for x86; else the first listed). */
  readonly machine?: string;
}

/** The machine to use: the wanted alias resolved to its canonical version, else the first listed. */
function pickMachine(machines: readonly GuestMachine[], wanted: string): string | null {
  const alias = machines.find((m) => m.name === wanted) ?? machines.find((m) => m.canonical === wanted);
  const chosen = alias ?? machines[0];
  if (chosen === undefined) return null;
  return chosen.canonical ?? chosen.name;
}

/**
 * Pick architecture, machine and emulator for a new domain from the host's capabilities (what virt-install
 * does): the guest with the wanted OS type and architecture that offers the domain type. Throws
 * `XmlError('invalid-value')` naming what the host lacks.
 */
export function chooseGuest(capabilities: CapabilitiesXml, wanted: GuestWanted): GuestChoice {
  const osType = wanted.osType ?? 'hvm';
  const arch = wanted.arch ?? capabilities.host.arch;
  if (arch === null) throw new XmlError('invalid-value', 'the host capabilities name no CPU architecture and none was asked for');
  const guest: CapabilitiesGuest | undefined = capabilities.guests.find(
    (g) => g.osType === osType && g.arch === arch && g.domainTypeNames.includes(wanted.domainType),
  );
  if (guest === undefined) {
    throw new XmlError('invalid-value', `the host offers no ${osType} guest on ${arch} with domain type ${wanted.domainType}`);
  }
  const domainType = guest.domainTypes.find((d) => d.type === wanted.domainType);
  const typeMachines = domainType?.machines.all() ?? [];
  const machines = typeMachines.length > 0 ? typeMachines : guest.machines.all();
  return {
    osType,
    arch,
    domainType: wanted.domainType,
    machine: pickMachine(machines, wanted.machine ?? 'pc'),
    emulator: domainType?.emulator ?? guest.emulator,
  };
}
