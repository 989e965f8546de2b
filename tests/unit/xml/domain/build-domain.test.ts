import { describe, expect, it } from 'vitest';
import { DomainXml, XmlError, buildDomainXml, createDomainXml, parseXml, type DomainSpec } from '../../../../main/xml';

const UUID = '3b0f5bb8-8d6c-4c1e-9f55-1b2d7f3a9e02';

const SPEC: DomainSpec = {
  name: 'web-1',
  uuid: UUID,
  type: 'qemu',
  vcpus: 2,
  memoryMiB: 512,
  arch: 'x86_64',
  machine: 'pc-i440fx-7.2',
  emulator: '/usr/bin/qemu-system-x86_64',
  disks: [
    { source: { pool: 'default', volume: 'web-1-root.qcow2' }, format: 'qcow2' },
    { source: { path: '/var/lib/libvirt/images/web-1-eph.qcow2' }, format: 'qcow2', serial: 'ephemeral0' },
    { source: { path: '/var/lib/libvirt/images/web-1-seed.iso' }, format: 'raw', device: 'cdrom' },
  ],
  interfaces: [{ network: 'default' }, { bridge: 'br0', model: 'e1000', mac: '52:54:00:AA:BB:CC' }],
  serialConsole: { logFile: '/var/log/virt-deck/web-1.log' },
  metadata: {
    uuid: UUID,
    name: 'web',
    project: 'demo',
    flavor: { name: 'm1.small', vcpus: 2, ram: 512, disk: 10, ephemeral: 1, swap: 0 },
    imageId: 'img-1',
    owner: 'alice',
    createdBy: 'installation-1',
    createdAt: '2026-12-07T19:00:00.000Z',
  },
};

const EXPECTED = `<domain type='qemu'>
  <name>web-1</name>
  <uuid>${UUID}</uuid>
  <metadata>
    <virtdeck:instance xmlns:virtdeck="https://virt-deck.dev/xmlns/instance/1.0">
      <virtdeck:uuid>${UUID}</virtdeck:uuid>
      <virtdeck:name>web</virtdeck:name>
      <virtdeck:project>demo</virtdeck:project>
      <virtdeck:flavor name="m1.small" vcpus="2" ram="512" disk="10" ephemeral="1" swap="0"/>
      <virtdeck:image id="img-1"/>
      <virtdeck:owner>alice</virtdeck:owner>
      <virtdeck:createdBy>installation-1</virtdeck:createdBy>
      <virtdeck:createdAt>2026-12-07T19:00:00.000Z</virtdeck:createdAt>
    </virtdeck:instance>
  </metadata>
  <memory unit='KiB'>524288</memory>
  <currentMemory unit='KiB'>524288</currentMemory>
  <vcpu>2</vcpu>
  <os>
    <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>
    <boot dev='hd'/>
  </os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='volume' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source pool='default' volume='web-1-root.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/web-1-eph.qcow2'/>
      <target dev='vdb' bus='virtio'/>
      <serial>ephemeral0</serial>
    </disk>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='/var/lib/libvirt/images/web-1-seed.iso'/>
      <target dev='sda' bus='sata'/>
      <readonly/>
    </disk>
    <interface type='network'>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
    <interface type='bridge'>
      <mac address='52:54:00:aa:bb:cc'/>
      <source bridge='br0'/>
      <model type='e1000'/>
    </interface>
    <serial type='pty'>
      <log file='/var/log/virt-deck/web-1.log' append='on'/>
      <target port='0'/>
    </serial>
    <console type='pty'>
      <target type='serial' port='0'/>
    </console>
    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <video>
      <model type='vga'/>
    </video>
  </devices>
  <features>
    <acpi/>
    <apic/>
  </features>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
</domain>`;

function refusal(spec: Partial<DomainSpec> | ((s: DomainSpec) => DomainSpec)): string {
  try {
    buildDomainXml(typeof spec === 'function' ? spec(SPEC) : { ...SPEC, ...spec });
  } catch (error) {
    if (error instanceof XmlError && (error.reason === 'invalid-value' || error.reason === 'invalid-character')) return error.message;
    throw error;
  }
  throw new Error('expected the spec to be refused');
}

describe('createDomainXml', () => {
  it('builds the domain the compute flow defines', () => {
    expect(buildDomainXml(SPEC)).toBe(EXPECTED);
  });

  it('reads back through the model as the spec said', () => {
    const d = DomainXml.parse(buildDomainXml(SPEC));
    expect(d.memory).toBe(512n * 1024n * 1024n);
    expect(d.disks.all().map((disk) => disk.targetDev)).toEqual(['vda', 'vdb', 'sda']);
    expect(d.instance.flavor.ram).toBe(512);
  });

  it('offers a VNC unix socket with a password, no display, KVM with a host-model CPU, no console', () => {
    const d = createDomainXml({ ...SPEC, type: 'kvm', graphics: { socket: '/run/vd/web-1.vnc', password: 'secret8!' }, serialConsole: null, metadata: undefined });
    const vnc = d.graphics.at(0);
    expect(vnc?.toXml()).toBe("<graphics type='vnc' passwd='secret8!'>\n      <listen type='socket' socket='/run/vd/web-1.vnc'/>\n    </graphics>");
    expect(d.cpuMode).toBe('host-model');
    expect(d.serials.length + d.consoles.length).toBe(0);
    expect(d.instance.exists).toBe(false);
    const headless = createDomainXml({ ...SPEC, graphics: null });
    expect(headless.graphics.length + headless.videos.length).toBe(0);
    const ws = createDomainXml({ ...SPEC, graphics: { websocket: true, listen: '::1' } });
    expect(ws.graphics.at(0)?.values()).toMatchObject({ websocket: -1, listen: '::1', autoport: true });
  });

  it('escapes every user string by construction', () => {
    const hostile = `"'<>&]]><!--`;
    const xml = buildDomainXml({
      ...SPEC,
      name: `it's <web> & "co"`,
      title: hostile,
      description: `</description><evil/>`,
      disks: [{ source: { pool: hostile, volume: `</source><evil/>` }, format: 'qcow2', serial: hostile }],
      interfaces: [{ network: hostile }],
      metadata: { ...SPEC.metadata!, name: hostile, project: `</virtdeck:project><evil/>`, flavor: { ...SPEC.metadata!.flavor, name: hostile } },
    });
    const back = DomainXml.parse(xml);
    expect(back.name).toBe(`it's <web> & "co"`);
    expect([back.title, back.description, back.disks.at(0)?.sourcePool, back.disks.at(0)?.sourceVolume, back.interfaces.at(0)?.sourceNetwork]).toEqual([
      hostile,
      `</description><evil/>`,
      hostile,
      `</source><evil/>`,
      hostile,
    ]);
    expect([back.instance.name, back.instance.project, back.instance.flavor.name]).toEqual([hostile, `</virtdeck:project><evil/>`, hostile]);
    expect(parseXml(xml).dom.getElementsByTagName('evil').length).toBe(0);
  });

  it('refuses hostile or invalid names and values, saying which', () => {
    expect(refusal({ name: '</name><evil/>' })).toMatch(/domain name .*'\/' is not allowed/);
    expect(refusal({ name: 'bell\u0007' })).toMatch(/control characters/);
    expect(refusal({ name: 'new\nline' })).toMatch(/control characters/);
    expect(refusal({ name: '' })).toMatch(/must not be empty/);
    expect(refusal({ uuid: `${UUID}'` })).toMatch(/invalid UUID/);
    expect(refusal({ title: 'a\u0000b' })).toMatch(/U\+0000/);
    expect(refusal({ vcpus: 0 })).toMatch(/vCPUs must be a whole number of at least 1/);
    expect(refusal({ memoryMiB: 1.5 })).toMatch(/memory/);
    expect(refusal({ type: 'xen' as 'kvm' })).toMatch(/domain type must be one of qemu, kvm, test/);
    expect(refusal({ arch: '' })).toMatch(/architecture/);
    expect(refusal({ emulator: 'qemu' })).toMatch(/emulator must be an absolute path/);
    expect(refusal({ disks: [{ source: { path: 'relative.qcow2' }, format: 'qcow2' }] })).toMatch(/disk 1 path must be an absolute path/);
    expect(refusal({ disks: [{ source: { path: '/a' }, format: 'vmdk' as 'raw' }] })).toMatch(/disk 1 format must be one of qcow2, raw/);
    expect(refusal({ disks: [{ source: { path: '/a' }, format: 'raw', device: 'cdrom', bus: 'virtio' }] })).toMatch(/CD-ROM cannot be on the virtio bus/);
    expect(refusal({ disks: [{ source: { path: '/a' }, format: 'raw' }, { source: { path: '/b' }, format: 'raw', target: 'vda' }] })).toMatch(/target vda is used twice/);
    expect(refusal({ interfaces: [{ network: 'n', mac: '01:00:5e:00:00:01' }] })).toMatch(/multicast/);
    expect(refusal({ interfaces: [{} as { network: string }] })).toMatch(/neither a network nor a bridge/);
    expect(refusal({ graphics: { password: '123456789' } })).toMatch(/at most 8 characters/);
    expect(refusal({ graphics: { socket: `/${'s'.repeat(107)}` } })).toMatch(/longer than 107 bytes/);
    expect(refusal({ graphics: { socket: '/s', websocket: true } })).toMatch(/WebSocket/);
    expect(refusal({ serialConsole: { logFile: 'console.log' } })).toMatch(/log file must be an absolute path/);
    expect(refusal((s) => ({ ...s, metadata: { ...s.metadata!, flavor: { ...s.metadata!.flavor, ram: -1 } } }))).toMatch(/flavor ram/);
  });

  it('names disks per bus past z like libvirt (vdz, vdaa)', () => {
    const disks = Array.from({ length: 28 }, (_, i) => ({ source: { path: `/d${i}` }, format: 'raw' as const }));
    const d = createDomainXml({ ...SPEC, disks });
    expect(d.disks.all().map((x) => x.targetDev).slice(24)).toEqual(['vdy', 'vdz', 'vdaa', 'vdab']);
  });
});
