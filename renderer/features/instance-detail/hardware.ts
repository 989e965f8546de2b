// The hardware summary of a domain, read from its live XML as virt-manager's details list shows it: processor,
// memory, boot, disks, NICs, graphics, video and serial devices. The XML is parsed by the browser's XML parser
// (which runs nothing) and only attribute and text values are read out.

/** One device row of the summary: what it is and its details, as short texts. */
export interface HardwareDevice {
  readonly name: string;
  readonly details: readonly string[];
}

/** What the details panel lists about a domain's hardware. */
export interface HardwareSummary {
  readonly vcpus: string | null;
  readonly cpuMode: string | null;
  readonly memoryKiB: number | null;
  readonly currentMemoryKiB: number | null;
  /** `hvm x86_64, machine pc-q35-…` */
  readonly os: string | null;
  readonly boot: readonly string[];
  /** The kernel a direct kernel boot starts (`<os><kernel>`), instead of a boot device. */
  readonly kernel: string | null;
  readonly disks: readonly HardwareDevice[];
  readonly nics: readonly HardwareDevice[];
  readonly graphics: readonly HardwareDevice[];
  readonly video: readonly HardwareDevice[];
  readonly serials: readonly HardwareDevice[];
}

const UNIT_KIB: Readonly<Record<string, number>> = {
  b: 1 / 1024,
  bytes: 1 / 1024,
  k: 1,
  kib: 1,
  kb: 1000 / 1024,
  m: 1024,
  mib: 1024,
  mb: 1e6 / 1024,
  g: 1024 ** 2,
  gib: 1024 ** 2,
  gb: 1e9 / 1024,
  t: 1024 ** 3,
  tib: 1024 ** 3,
  tb: 1e12 / 1024,
};

function child(parent: Element | null, name: string): Element | null {
  if (parent === null) return null;
  for (const element of Array.from(parent.children)) if (element.tagName === name) return element;
  return null;
}

function children(parent: Element | null, name: string): Element[] {
  return parent === null ? [] : Array.from(parent.children).filter((element) => element.tagName === name);
}

function attr(element: Element | null, name: string): string | null {
  return element?.getAttribute(name) ?? null;
}

function text(element: Element | null): string | null {
  const value = element?.textContent?.trim();
  return value === undefined || value === '' ? null : value;
}

/** A `<memory unit='…'>` value in KiB (libvirt's default unit), or null. */
function kib(element: Element | null): number | null {
  const value = Number(text(element));
  if (element === null || !Number.isFinite(value)) return null;
  const factor = UNIT_KIB[(attr(element, 'unit') ?? 'KiB').toLowerCase()];
  return factor === undefined ? null : Math.round(value * factor);
}

/** The non-empty parts, labelled (`bus virtio`). */
function parts(...pairs: readonly (readonly [string, string | null])[]): string[] {
  return pairs.filter(([, value]) => value !== null && value !== '').map(([label, value]) => (label === '' ? (value as string) : `${label} ${value as string}`));
}

function disk(element: Element): HardwareDevice {
  const target = child(element, 'target');
  const source = child(element, 'source');
  const driver = child(element, 'driver');
  const from = attr(source, 'file') ?? attr(source, 'dev') ?? (attr(source, 'volume') === null ? null : `${attr(source, 'pool') ?? '?'}/${attr(source, 'volume') ?? ''}`) ?? attr(source, 'name');
  const device = attr(element, 'device') ?? 'disk';
  return {
    name: `${device === 'disk' ? 'Disk' : device === 'cdrom' ? 'CD-ROM' : device} ${attr(target, 'dev') ?? ''}`.trim(),
    details: parts(['bus', attr(target, 'bus')], ['format', attr(driver, 'type')], ['', from ?? (device === 'cdrom' ? 'empty' : null)], ['', child(element, 'readonly') === null ? null : 'read-only']),
  };
}

function nic(element: Element): HardwareDevice {
  const source = child(element, 'source');
  const type = attr(element, 'type');
  const on = attr(source, 'network') ?? attr(source, 'bridge') ?? attr(source, 'dev');
  return {
    name: `NIC ${attr(child(element, 'mac'), 'address') ?? ''}`.trim(),
    details: parts([type ?? 'interface', on], ['model', attr(child(element, 'model'), 'type')], ['device', attr(child(element, 'target'), 'dev')]),
  };
}

function graphics(element: Element): HardwareDevice {
  const type = attr(element, 'type') ?? 'graphics';
  const port = attr(element, 'port');
  return {
    name: `Display ${type.toUpperCase()}`,
    details: parts(['listen', attr(element, 'listen') ?? attr(child(element, 'listen'), 'address')], ['port', port === '-1' ? 'auto' : port], ['', attr(element, 'autoport') === 'yes' ? 'autoport' : null]),
  };
}

function video(element: Element): HardwareDevice {
  const model = child(element, 'model');
  const vram = attr(model, 'vram');
  return { name: `Video ${attr(model, 'type') ?? ''}`.trim(), details: parts(['heads', attr(model, 'heads')], ['vram', vram === null ? null : `${vram} KiB`]) };
}

function serial(element: Element): HardwareDevice {
  const target = child(element, 'target');
  const port = attr(target, 'port');
  return {
    name: `${element.tagName === 'console' ? 'Console' : 'Serial'} ${port ?? ''}`.trim(),
    details: parts(['type', attr(element, 'type')], ['target', attr(target, 'type')], ['', attr(child(element, 'source'), 'path') ?? attr(element, 'tty')], ['log', attr(child(element, 'log'), 'file')]),
  };
}

/** The hardware summary of a domain XML; throws with the parser's reason when the text is not XML of a domain. */
export function hardwareSummary(xml: string): HardwareSummary {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const failure = doc.getElementsByTagName('parsererror')[0];
  if (failure !== undefined) throw new Error(`The domain XML cannot be read: ${text(failure) ?? 'not well-formed'}`);
  const domain = doc.documentElement;
  if (domain.tagName !== 'domain') throw new Error(`Expected a <domain> document, got <${domain.tagName}>`);
  const vcpu = child(domain, 'vcpu');
  const current = attr(vcpu, 'current');
  const os = child(domain, 'os');
  const osType = child(os, 'type');
  const devices = child(domain, 'devices');
  return {
    vcpus: text(vcpu) === null ? null : current === null ? text(vcpu) : `${current} of ${text(vcpu) ?? '?'}`,
    cpuMode: attr(child(domain, 'cpu'), 'mode'),
    memoryKiB: kib(child(domain, 'memory')),
    currentMemoryKiB: kib(child(domain, 'currentMemory')),
    os: osType === null ? null : parts(['', text(osType)], ['', attr(osType, 'arch')], ['machine', attr(osType, 'machine')]).join(' '),
    boot: children(os, 'boot').map((boot) => attr(boot, 'dev') ?? '?'),
    kernel: text(child(os, 'kernel')),
    disks: children(devices, 'disk').map(disk),
    nics: children(devices, 'interface').map(nic),
    graphics: children(devices, 'graphics').map(graphics),
    video: children(devices, 'video').map(video),
    serials: [...children(devices, 'serial'), ...children(devices, 'console')].map(serial),
  };
}
