import { elementChildren, textOf } from '../dom';
import { int, text } from '../fields';
import { xmlModel } from '../model';
import { findPath, xmlPath } from '../path';
import { parseRoot, type ModelParseOptions } from '../root';

/**
 * Domain capabilities (`<domainCapabilities>`, `virConnectGetDomainCapabilities`): what one emulator, machine
 * and domain type support — the maximum vCPUs, the CPU modes and the values each device attribute may take.
 */
export class DomainCapabilitiesXml extends xmlModel({
  emulator: text('path'),
  domainType: text('domain'),
  machine: text('machine'),
  arch: text('arch'),
  maxVcpus: int('vcpu@max'),
}) {
  /** Parse domain capabilities XML; throws `XmlError`. */
  static parse(xml: string, options?: ModelParseOptions): DomainCapabilitiesXml {
    return new DomainCapabilitiesXml(parseRoot(xml, 'domainCapabilities', options));
  }

  /** CPU modes marked supported (`host-passthrough`, `host-model`, `custom`, `maximum`). */
  cpuModes(): string[] {
    const cpu = findPath(this.scope.find(), xmlPath('cpu').steps);
    if (cpu === null) return [];
    return elementChildren(cpu)
      .filter((mode) => mode.localName === 'mode' && mode.getAttribute('supported') === 'yes')
      .map((mode) => mode.getAttribute('name') ?? '')
      .filter((name) => name !== '');
  }

  /**
   * The values `<devices><device><enum name=…>` lists for a device attribute, e.g. `('disk', 'bus')` →
   * `['ide', 'fdc', 'scsi', 'virtio', 'usb', 'sata']`; empty when the device is unsupported or not listed.
   */
  enumValues(device: string, name: string): string[] {
    const el = findPath(this.scope.find(), xmlPath('devices').steps);
    if (el === null) return [];
    const dev = elementChildren(el).find((d) => d.localName === device);
    if (dev === undefined || dev.getAttribute('supported') === 'no') return [];
    const list = elementChildren(dev).find((e) => e.localName === 'enum' && e.getAttribute('name') === name);
    return list === undefined ? [] : elementChildren(list).filter((v) => v.localName === 'value').map(textOf);
  }
}
