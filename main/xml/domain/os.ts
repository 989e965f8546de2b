import type { Element } from '@xmldom/xmldom';
import { createChild, elementChildren, findChild, removeNode, type ElementName } from '../dom';
import { XmlError } from '../errors';
import { list, stringCodec, text } from '../fields';
import { XmlObject, xmlModel } from '../model';

/** `<os>`: guest type, architecture, machine, boot order, direct kernel boot. */
export class DomainOs extends xmlModel({
  /** `hvm` for full virtualization. */
  type: text('type'),
  arch: text('type@arch'),
  machine: text('type@machine'),
  /** `<boot dev=…>` in order: `hd`, `cdrom`, `network`, `fd`. */
  bootDevices: list('boot@dev', stringCodec),
  kernel: text('kernel'),
  initrd: text('initrd'),
  cmdline: text('cmdline'),
  /** `bios` or `efi` (firmware auto-selection). */
  firmware: text('@firmware'),
}) {}

function featureName(name: string): ElementName {
  const ok = name !== '' && [...name].every((c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '-');
  if (!ok) throw new XmlError('invalid-value', `invalid feature name ${JSON.stringify(name)}`);
  return { namespace: null, local: name, prefix: null };
}

/** `<features>`: each child element is a feature (`<acpi/>`, `<apic/>`, `<pae/>`, …). */
export class DomainFeatures extends XmlObject {
  /** Names of the features present, in order. */
  names(): string[] {
    const el = this.scope.find();
    return el === null ? [] : elementChildren(el).map((child) => child.localName ?? child.tagName);
  }

  /** Whether feature `name` is present. */
  has(name: string): boolean {
    const el = this.scope.find();
    return el !== null && findChild(el, featureName(name)) !== null;
  }

  /** Add (`on`) or remove a feature; an existing feature element keeps its attributes and children. */
  set(name: string, on: boolean): void {
    const key = featureName(name);
    if (on) {
      const el = this.scope.ensure();
      if (findChild(el, key) === null) createChild(el, key);
      return;
    }
    const el = this.scope.find();
    const feature: Element | null = el === null ? null : findChild(el, key);
    if (feature !== null) removeNode(feature);
  }
}
