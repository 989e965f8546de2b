import { int, list, size, stringCodec, text } from '../fields';
import { type XmlChildren, XmlObject, xmlModel } from '../model';
import { newRoot, parseRoot, type ModelParseOptions } from '../root';

/** A NUMA cell of the host (`host/topology/cells/cell`). */
export class NumaCell extends xmlModel({
  id: int('@id'),
  /** Memory in the cell, in bytes. */
  memory: size('memory', { defaultUnit: 'KiB', writeUnit: 'KiB' }),
  /** Host CPUs in the cell. */
  cpuCount: int('cpus@num'),
}) {}

/** A security model the host offers (`host/secmodel`). */
export class SecurityModel extends xmlModel({
  /** `selinux`, `apparmor`, `dac`, `none`. */
  model: text('model'),
  doi: text('doi'),
}) {}

/** A machine type (`<machine canonical='pc-i440fx-7.2' maxCpus='255'>pc</machine>`). */
export class GuestMachine extends xmlModel({
  /** The machine name as written (an alias such as `pc`, or a versioned name). */
  name: text('.'),
  /** The versioned machine an alias stands for. */
  canonical: text('@canonical'),
  maxCpus: int('@maxCpus'),
  deprecated: text('@deprecated'),
}) {}

/** A domain type offered for a guest architecture (`<domain type='kvm'>`, possibly with its own emulator and machines). */
export class GuestDomainType extends xmlModel({
  type: text('@type'),
  emulator: text('emulator'),
}) {
  /** Machines specific to this domain type (empty: the architecture's machines apply). */
  get machines(): XmlChildren<GuestMachine> {
    return this.children('machine', GuestMachine);
  }
}

/** One `<guest>`: an OS type on an architecture, the domain types that run it and its machines. */
export class CapabilitiesGuest extends xmlModel({
  /** `hvm`, `xen`, `exe` (containers). */
  osType: text('os_type'),
  arch: text('arch@name'),
  wordsize: int('arch/wordsize'),
  emulator: text('arch/emulator'),
  /** The domain types offered (`qemu`, `kvm`), in order. */
  domainTypeNames: list('arch/domain@type', stringCodec),
}) {
  /** Machine types of the architecture (`<machine>`). */
  get machines(): XmlChildren<GuestMachine> {
    return this.children('arch/machine', GuestMachine);
  }

  /** The domain types offered, with their own emulator and machines if any. */
  get domainTypes(): XmlChildren<GuestDomainType> {
    return this.children('arch/domain', GuestDomainType);
  }
}

/** Host CPU topology (`host/cpu/topology`). */
export class CpuTopology extends xmlModel({
  sockets: int('@sockets'),
  dies: int('@dies'),
  cores: int('@cores'),
  threads: int('@threads'),
}) {}

/** The host part of capabilities: identity and CPU. */
export class CapabilitiesHost extends xmlModel({
  uuid: text('uuid'),
  arch: text('cpu/arch'),
  cpuModel: text('cpu/model'),
  cpuVendor: text('cpu/vendor'),
}) {
  /** Sockets, dies, cores and threads. */
  get topology(): CpuTopology {
    return this.child('cpu/topology', CpuTopology);
  }

  /** NUMA cells (absent on hosts that do not report them). */
  get cells(): XmlChildren<NumaCell> {
    return this.children('topology/cells/cell', NumaCell);
  }

  /** Security models (`selinux`, `apparmor`, `dac`, …). */
  get secmodels(): XmlChildren<SecurityModel> {
    return this.children('secmodel', SecurityModel);
  }
}

/** Host capabilities (`<capabilities>`, `virConnectGetCapabilities`). Read-only in practice. */
export class CapabilitiesXml extends XmlObject {
  /** Parse capabilities XML; throws `XmlError`. */
  static parse(xml: string, options?: ModelParseOptions): CapabilitiesXml {
    return new CapabilitiesXml(parseRoot(xml, 'capabilities', options));
  }

  /** An empty document (tests, and hosts that refuse the call). */
  static create(): CapabilitiesXml {
    return new CapabilitiesXml(newRoot('capabilities'));
  }

  /** The `<host>` part. */
  get host(): CapabilitiesHost {
    return this.child('host', CapabilitiesHost);
  }

  /** Every `<guest>`: what the host can run. */
  get guests(): XmlChildren<CapabilitiesGuest> {
    return this.children('guest', CapabilitiesGuest);
  }
}
