import { describe, expect, it } from 'vitest';
import { localSocketPath, parseLibvirtUri } from '../../../../main/libvirt/transport';
import { localSocketCandidates } from '../../../../main/libvirt/transport/sockets';

describe('default sockets', () => {
  const p = (uri: string, o: Parameters<typeof localSocketPath>[1] = {}) => localSocketPath(parseLibvirtUri(uri), { exists: () => false, ...o });
  it('follow libvirt: legacy socket, -ro, modular socket when present, session folder', () => {
    expect(p('qemu:///system')).toBe('/var/run/libvirt/libvirt-sock');
    expect(p('qemu:///system', { readOnly: true })).toBe('/var/run/libvirt/libvirt-sock-ro');
    expect(p('qemu:///system', { exists: (f) => f === '/var/run/libvirt/virtqemud-sock' })).toBe('/var/run/libvirt/virtqemud-sock');
    expect(p('qemu:///system?mode=direct')).toBe('/var/run/libvirt/virtqemud-sock');
    expect(p('qemu:///system?mode=legacy', { exists: () => true })).toBe('/var/run/libvirt/libvirt-sock');
    expect(p('test:///default', { exists: () => true })).toBe('/var/run/libvirt/libvirt-sock');
    expect(p('qemu:///session', { runtimeDir: '/run/user/1000' })).toBe('/run/user/1000/libvirt/libvirt-sock');
    expect(p('qemu:///session', { runtimeDir: null, homeDir: '/home/me', readOnly: true })).toBe('/home/me/.cache/libvirt/libvirt-sock');
    expect(p('qemu+unix:///system?socket=/x/y', { readOnly: true })).toBe('/x/y');
  });

  it('list what each mode may try, in the order it tries them', () => {
    const c = (uri: string) => localSocketCandidates(parseLibvirtUri(uri));
    expect(c('qemu:///system')).toEqual(['/var/run/libvirt/virtqemud-sock', '/var/run/libvirt/libvirt-sock']);
    expect(c('qemu:///system?mode=direct')).toEqual(['/var/run/libvirt/virtqemud-sock']);
    expect(c('qemu:///system?mode=legacy')).toEqual(['/var/run/libvirt/libvirt-sock']);
    expect(c('test:///default')).toEqual(['/var/run/libvirt/libvirt-sock']);
    expect(c('qemu+unix:///system?socket=/x/y')).toEqual(['/x/y']);
  });
});
