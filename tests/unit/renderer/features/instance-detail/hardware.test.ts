// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { hardwareSummary } from '../../../../../renderer/features/instance-detail/hardware';

const XML = `<domain type='kvm' id='3'>
  <name>vd-lab-guest</name>
  <memory unit='KiB'>262144</memory>
  <currentMemory unit='KiB'>131072</currentMemory>
  <vcpu placement='static' current='1'>2</vcpu>
  <os><type arch='x86_64' machine='pc-q35-8.2'>hvm</type><boot dev='hd'/><boot dev='network'/></os>
  <cpu mode='host-model'/>
  <devices>
    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/pool/web.qcow2'/><target dev='vda' bus='virtio'/></disk>
    <disk type='volume' device='disk'><source pool='default' volume='seed.iso'/><target dev='sda' bus='sata'/><readonly/></disk>
    <disk type='file' device='cdrom'><target dev='sdb' bus='sata'/></disk>
    <interface type='network'><mac address='52:54:00:aa:bb:cc'/><source network='default'/><model type='virtio'/><target dev='vnet0'/></interface>
    <serial type='pty'><source path='/dev/pts/3'/><target type='isa-serial' port='0'/><log file='/var/log/serial.log'/></serial>
    <console type='pty' tty='/dev/pts/3'><target type='serial' port='0'/></console>
    <graphics type='vnc' port='5900' autoport='yes' listen='127.0.0.1'/>
    <video><model type='virtio' heads='1'/></video>
  </devices>
</domain>`;

describe('hardwareSummary', () => {
  it('reads processor, memory, machine, boot order and every device of a domain', () => {
    const hw = hardwareSummary(XML);
    expect(hw).toMatchObject({ vcpus: '1 of 2', cpuMode: 'host-model', memoryKiB: 262144, currentMemoryKiB: 131072, os: 'hvm x86_64 machine pc-q35-8.2', boot: ['hd', 'network'], kernel: null });
    expect(hw.disks).toEqual([
      { name: 'Disk vda', details: ['bus virtio', 'format qcow2', '/pool/web.qcow2'] },
      { name: 'Disk sda', details: ['bus sata', 'default/seed.iso', 'read-only'] },
      { name: 'CD-ROM sdb', details: ['bus sata', 'empty'] },
    ]);
    expect(hw.nics).toEqual([{ name: 'NIC 52:54:00:aa:bb:cc', details: ['network default', 'model virtio', 'device vnet0'] }]);
    expect(hw.graphics).toEqual([{ name: 'Display VNC', details: ['listen 127.0.0.1', 'port 5900', 'autoport'] }]);
    expect(hw.video).toEqual([{ name: 'Video virtio', details: ['heads 1'] }]);
    expect(hw.serials.map((s) => s.name)).toEqual(['Serial 0', 'Console 0']);
    expect(hw.serials[0]?.details).toEqual(['type pty', 'target isa-serial', '/dev/pts/3', 'log /var/log/serial.log']);
  });

  it('names the kernel of a direct kernel boot', () => {
    expect(hardwareSummary('<domain><os><type>hvm</type><kernel>/boot/vmlinuz</kernel><boot dev="hd"/></os></domain>').kernel).toBe('/boot/vmlinuz');
  });

  it('converts memory units to KiB', () => {
    expect(hardwareSummary("<domain><memory unit='GiB'>2</memory></domain>").memoryKiB).toBe(2 * 1024 * 1024);
    expect(hardwareSummary('<domain><memory>4096</memory></domain>').memoryKiB).toBe(4096);
    expect(hardwareSummary("<domain><memory unit='parsecs'>1</memory></domain>").memoryKiB).toBeNull();
  });

  it('says why text that is not a domain XML cannot be read', () => {
    expect(() => hardwareSummary('<domain><oops></domain>')).toThrow(/cannot be read/);
    expect(() => hardwareSummary('<network/>')).toThrow('Expected a <domain> document, got <network>');
  });
});
