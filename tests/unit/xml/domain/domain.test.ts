import { describe, expect, it } from 'vitest';
import { DomainXml, VIRTDECK_INSTANCE_NS, XmlError, parseXml } from '../../../../main/xml';
import { changedLines, golden } from '../golden';

describe('DomainXml', () => {
  it('reads a running QEMU domain: identity, sizes in bytes, os, live device details', () => {
    const d = DomainXml.parse(golden('qemu-domain-running.xml'));
    expect(d.values()).toMatchObject({
      type: 'qemu',
      id: 1,
      name: 'vd-lab-guest',
      uuid: '7a8061d7-aed0-5033-9425-87625e82fd9d',
      title: 'Virt Deck lab guest',
      memory: 98304n * 1024n,
      currentMemory: 98304n * 1024n,
      vcpus: 1,
      cpuMode: 'custom',
      cpuModel: 'qemu64',
      emulator: '/usr/bin/qemu-system-x86_64',
    });
    expect(d.os.values()).toMatchObject({ type: 'hvm', arch: 'x86_64', machine: 'pc-i440fx-7.2', bootDevices: ['hd'], kernel: '/work/main/.lab/guest/vmlinuz' });
    expect(d.graphics.all().map((g) => g.values())).toEqual([
      { type: 'vnc', port: 5900, autoport: true, listen: '127.0.0.1', passwd: null, websocket: null, socket: null, keymap: null, tlsPort: null },
    ]);
    expect(d.graphics.at(0)?.listens.all().map((l) => l.values())).toEqual([{ type: 'address', address: '127.0.0.1', network: null, socket: null }]);
    expect(d.serials.at(0)?.values()).toMatchObject({ type: 'pty', sourcePath: '/dev/pts/0', targetType: 'isa-serial', targetPort: 0, logFile: '/work/main/.lab/guest/console.log', logAppend: false, alias: 'serial0' });
    expect(d.consoles.at(0)?.values()).toMatchObject({ type: 'pty', tty: '/dev/pts/0', targetType: 'serial', targetPort: 0 });
    expect(d.videos.at(0)?.values()).toEqual({ model: 'vga', vram: 16384, heads: 1, primary: true });
    expect(d.disks.length).toBe(0);
    expect(d.instance.exists).toBe(false);
  });

  it('reads every device kind of the rich domain', () => {
    const d = DomainXml.parse(golden('qemu-domain-rich.xml'));
    expect(d.title).toBe(`Golden 'quotes' "and" & <tags>`);
    expect(d.description).toBe('Multi\nline description');
    expect(d.currentVcpus).toBe(1);
    expect(d.features.names()).toEqual(['acpi', 'apic']);
    expect(d.disks.all().map((disk) => [disk.targetDev, disk.device, disk.driverType, disk.readonly, disk.source()])).toEqual([
      ['vda', 'disk', 'qcow2', false, { kind: 'file', path: '/work/main/.lab/pool/vd-lab-vol.qcow2' }],
      ['vdb', 'disk', 'qcow2', false, { kind: 'volume', pool: 'vd-lab-pool', volume: 'vd-lab-vol.qcow2' }],
      ['sda', 'cdrom', 'raw', true, null],
    ]);
    expect(d.disks.at(0)?.serial).toBe('golden-root');
    expect(d.interfaces.all().map((n) => [n.type, n.sourceNetwork ?? n.sourceBridge, n.mac, n.model])).toEqual([
      ['network', 'vd-lab-net', '52:54:00:12:34:56', 'virtio'],
      ['bridge', 'vdlab0', '52:54:00:3b:48:7a', 'e1000'],
    ]);
    const [vnc, spice] = d.graphics.all();
    expect(vnc?.values()).toMatchObject({ type: 'vnc', socket: '/tmp/vd-lab-xmlgolden-vnc.sock', passwd: 's3cret' });
    expect(vnc?.listens.at(0)?.values()).toMatchObject({ type: 'socket', socket: '/tmp/vd-lab-xmlgolden-vnc.sock' });
    expect(spice?.values()).toMatchObject({ type: 'spice', autoport: true, listen: '127.0.0.1' });
    expect(d.channels.at(0)?.values()).toMatchObject({ type: 'unix', targetType: 'virtio', targetName: 'org.qemu.guest_agent.0' });
    expect(d.serials.at(0)?.logAppend).toBe(true);
    expect(d.instance.values()).toEqual({
      uuid: '3b0f5bb8-8d6c-4c1e-9f55-1b2d7f3a9e01',
      name: 'golden',
      project: 'demo',
      imageId: 'b7e3',
      owner: 'tester',
      createdBy: null,
      createdAt: null,
    });
    expect(d.instance.flavor.values()).toEqual({ name: 'm1.tiny', vcpus: 1, ram: 64, disk: 1, ephemeral: 0, swap: 0 });
  });

  it('reading every field changes nothing', () => {
    const source = golden('qemu-domain-rich.xml');
    const d = DomainXml.parse(source);
    d.values();
    d.os.values();
    for (const list of [d.disks, d.interfaces, d.serials, d.consoles, d.channels, d.videos]) for (const item of list) item.values();
    for (const g of d.graphics) g.listens.all().forEach((l) => l.values());
    d.instance.flavor.values();
    expect(d.toXml()).toBe(source);
  });

  it('edits change only the edited lines; unknown elements and attributes stay exactly', () => {
    const source = golden('qemu-domain-rich.xml');
    const d = DomainXml.parse(source);
    d.memory = 128n * 1024n * 1024n;
    d.vcpus = 4;
    d.os.machine = 'pc-q35-7.2';
    const disk = d.disks.at(1);
    if (disk === undefined) throw new Error('no second disk');
    disk.driverType = 'raw';
    d.instance.flavor.name = 'm1.small';
    expect(changedLines(source, d.toXml())).toEqual({
      removed: [
        "  <memory unit='KiB'>65536</memory>",
        "  <vcpu placement='static' current='1'>2</vcpu>",
        "    <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>",
        '      <virtdeck:flavor name="m1.tiny" vcpus="1" ram="64" disk="1" ephemeral="0" swap="0"/>',
        "      <driver name='qemu' type='qcow2'/>",
      ].sort(),
      added: [
        "  <memory unit='KiB'>131072</memory>",
        "  <vcpu placement='static' current='1'>4</vcpu>",
        "    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>",
        '      <virtdeck:flavor name="m1.small" vcpus="1" ram="64" disk="1" ephemeral="0" swap="0"/>',
        "      <driver name='qemu' type='raw'/>",
      ].sort(),
    });
  });

  it("writes the app's metadata beside Nova's without touching it, and removes only its own", () => {
    const source = golden('qemu-domain-running.xml').replace(
      '  <title>Virt Deck lab guest</title>\n',
      '  <title>Virt Deck lab guest</title>\n  <metadata>\n    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1">\n      <nova:name>n</nova:name>\n    </nova:instance>\n  </metadata>\n',
    );
    const d = DomainXml.parse(source);
    d.instance.uuid = '7a8061d7-aed0-5033-9425-87625e82fd9d';
    d.instance.project = 'demo';
    d.instance.flavor.ram = 64;
    const written = d.toXml();
    expect(written).toContain(
      '    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1">\n      <nova:name>n</nova:name>\n    </nova:instance>\n' +
        `    <virtdeck:instance xmlns:virtdeck="${VIRTDECK_INSTANCE_NS}">\n      <virtdeck:uuid>7a8061d7-aed0-5033-9425-87625e82fd9d</virtdeck:uuid>\n      <virtdeck:project>demo</virtdeck:project>\n      <virtdeck:flavor ram="64"/>\n    </virtdeck:instance>\n  </metadata>`,
    );
    const back = DomainXml.parse(written);
    expect(back.instance.values()).toMatchObject({ uuid: '7a8061d7-aed0-5033-9425-87625e82fd9d', project: 'demo' });
    back.instance.remove();
    expect(back.toXml()).toBe(source);
  });

  it('creates <metadata> when missing, and drops it again when the app removes the only entry', () => {
    const source = golden('test-domain.xml');
    const d = DomainXml.parse(source);
    d.instance.name = 'x';
    expect(d.toXml()).toContain(`  <metadata>\n    <virtdeck:instance xmlns:virtdeck="${VIRTDECK_INSTANCE_NS}">\n      <virtdeck:name>x</virtdeck:name>\n    </virtdeck:instance>\n  </metadata>\n</domain>`);
    d.instance.remove();
    expect(d.toXml()).toBe(source);
  });

  it('finds its metadata by namespace whatever the prefix, and writes with the prefix in use', () => {
    const d = DomainXml.parse(`<domain><metadata><vd:instance xmlns:vd="${VIRTDECK_INSTANCE_NS}"><vd:name>a</vd:name></vd:instance><virtdeck:instance xmlns:virtdeck="urn:not-ours"><virtdeck:name>b</virtdeck:name></virtdeck:instance></metadata></domain>`);
    expect(d.instance.name).toBe('a');
    d.instance.project = 'p';
    expect(d.toXml()).toContain('<vd:name>a</vd:name><vd:project>p</vd:project></vd:instance>');
    expect(d.toXml()).toContain('<virtdeck:name>b</virtdeck:name>');
  });

  it('escapes hostile strings by construction: they come back as values, never as markup', () => {
    const d = DomainXml.parse(golden('test-domain.xml'));
    const hostile = [`</description><evil/>`, `' onload="x"`, ']]><!--', '&amp;&lt;', '<![CDATA[x]]>', '<?pi?>'];
    for (const value of hostile) {
      d.description = value;
      d.instance.project = value;
      d.instance.flavor.name = value;
      d.name = value.split('/').join('');
      const back = DomainXml.parse(d.toXml());
      expect([back.description, back.instance.project, back.instance.flavor.name, back.name]).toEqual([value, value, value, value.split('/').join('')]);
      expect(parseXml(d.toXml()).dom.getElementsByTagName('evil').length).toBe(0);
    }
  });

  it('refuses invalid values for checked fields', () => {
    const d = DomainXml.create();
    expect(() => (d.name = '</name><evil/>')).toThrow(XmlError);
    expect(() => (d.uuid = 'not-a-uuid')).toThrow(/invalid UUID/);
    expect(() => (d.title = 'two\nlines')).toThrow(/line breaks/);
    expect(() => d.interfaces.add()).not.toThrow();
    expect(() => (d.interfaces.at(0)!.mac = 'ff:ff:ff:ff:ff:ff')).toThrow(/multicast/);
    expect(() => d.features.set('<x>', true)).toThrow(/invalid feature name/);
  });

  it('turns features on and off, keeping an existing feature element as it is', () => {
    const d = DomainXml.parse("<domain>\n  <features>\n    <acpi/>\n    <hyperv mode='custom'><relaxed state='on'/></hyperv>\n  </features>\n</domain>");
    d.features.set('hyperv', true);
    d.features.set('acpi', false);
    d.features.set('pae', true);
    expect(d.features.has('pae')).toBe(true);
    expect(d.toXml()).toBe("<domain>\n  <features>\n    <hyperv mode='custom'><relaxed state='on'/></hyperv>\n    <pae/>\n  </features>\n</domain>");
  });

  it('serializes one device for attach and detach calls', () => {
    const d = DomainXml.parse(golden('qemu-domain-rich.xml'));
    expect(d.interfaces.at(0)?.toXml()).toBe(
      "<interface type='network'>\n      <mac address='52:54:00:12:34:56'/>\n      <source network='vd-lab-net'/>\n      <model type='virtio'/>\n      <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>\n    </interface>",
    );
  });

  it('refuses a document that is not a domain', () => {
    expect(() => DomainXml.parse(golden('qemu-network.xml'))).toThrow(/expected a <domain> document, found <network>/);
  });
});
