import { XmlError } from '../errors';
import { checkedString, int, size, text, valueField, type Codec } from '../fields';
import { type XmlChildren, xmlModel } from '../model';
import { checkDomainName, checkUuid } from '../names';
import { newRoot, parseRoot, type ModelParseOptions } from '../root';
import { DomainCharDevice } from './char-device';
import { DomainDisk } from './disk';
import { DomainGraphics } from './graphics';
import { InstanceMetadata } from './instance-metadata';
import { DomainInterface } from './interface';
import { DomainFeatures, DomainOs } from './os';
import { DomainVideo } from './video';

/** libvirt refuses a title with a line break ("title can't contain newlines"). */
const titleCodec: Codec<string> = {
  decode: (raw) => raw,
  encode: (value) => {
    if (value.includes('\n') || value.includes('\r')) throw new XmlError('invalid-value', 'a domain title cannot contain line breaks');
    return value;
  },
};

/** Memory sizes: libvirt's default unit is KiB and so is the unit written. */
const KIB = { defaultUnit: 'KiB', writeUnit: 'KiB' } as const;

/**
 * A domain (`<domain>`): the fields the app reads and writes, the devices it cares about as lists, and the
 * app's instance metadata. Everything else in the document round-trips untouched.
 */
export class DomainXml extends xmlModel({
  /** Hypervisor type: `kvm`, `qemu`, `test`. */
  type: text('@type'),
  /** Runtime id of a running domain (absent when inactive). */
  id: int('@id'),
  name: valueField('name', checkedString(checkDomainName)),
  uuid: valueField('uuid', checkedString(checkUuid)),
  title: valueField('title', titleCodec),
  description: text('description'),
  /** Maximum memory at boot, in bytes. */
  memory: size('memory', KIB),
  /** Current balloon size, in bytes. */
  currentMemory: size('currentMemory', KIB),
  vcpus: int('vcpu'),
  /** vCPUs online at boot when fewer than `vcpus`. */
  currentVcpus: int('vcpu@current'),
  /** `host-model`, `host-passthrough`, `custom`, `maximum`. */
  cpuMode: text('cpu@mode'),
  cpuModel: text('cpu/model'),
  clockOffset: text('clock@offset'),
  onPoweroff: text('on_poweroff'),
  onReboot: text('on_reboot'),
  onCrash: text('on_crash'),
  emulator: text('devices/emulator'),
}) {
  /** Parse domain XML (root `<domain>`); throws `XmlError`. */
  static parse(xml: string, options?: ModelParseOptions): DomainXml {
    return new DomainXml(parseRoot(xml, 'domain', options));
  }

  /** An empty `<domain>` to fill in (see `createDomainXml` for the whole build). */
  static create(): DomainXml {
    return new DomainXml(newRoot('domain'));
  }

  /** `<os>`: type, arch, machine, boot order. */
  get os(): DomainOs {
    return this.child('os', DomainOs);
  }

  /** `<features>`: ACPI, APIC and friends. */
  get features(): DomainFeatures {
    return this.child('features', DomainFeatures);
  }

  /** `<devices><disk>`. */
  get disks(): XmlChildren<DomainDisk> {
    return this.children('devices/disk', DomainDisk);
  }

  /** `<devices><interface>`. */
  get interfaces(): XmlChildren<DomainInterface> {
    return this.children('devices/interface', DomainInterface);
  }

  /** `<devices><graphics>`: VNC and SPICE displays. */
  get graphics(): XmlChildren<DomainGraphics> {
    return this.children('devices/graphics', DomainGraphics);
  }

  /** `<devices><serial>`. */
  get serials(): XmlChildren<DomainCharDevice> {
    return this.children('devices/serial', DomainCharDevice);
  }

  /** `<devices><console>`. */
  get consoles(): XmlChildren<DomainCharDevice> {
    return this.children('devices/console', DomainCharDevice);
  }

  /** `<devices><channel>` (guest agent and friends). */
  get channels(): XmlChildren<DomainCharDevice> {
    return this.children('devices/channel', DomainCharDevice);
  }

  /** `<devices><video>`. */
  get videos(): XmlChildren<DomainVideo> {
    return this.children('devices/video', DomainVideo);
  }

  /** The app's `<virtdeck:instance>` metadata (check `.exists`: adopted domains have none). */
  get instance(): InstanceMetadata {
    return this.child('metadata/virtdeck:instance', InstanceMetadata);
  }
}
