// The local libvirtd probe over real files and a real unix socket, and its agreement with the transport's rules.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLocalLibvirtSocket, LOCAL_LIBVIRT_SOCKETS, LOCAL_LIBVIRT_URI } from '../../../main/app/local-libvirt';
import { localSocketPath, parseLibvirtUri } from '../../../main/libvirt/transport';
import { useAppFixture } from './helpers';

describe('findLocalLibvirtSocket', () => {
  const fx = useAppFixture('virt-deck-local-libvirt-');

  it('reports the first path that is a real unix socket', async () => {
    const file = join(fx.dir, 'plain-file');
    writeFileSync(file, '');
    const sock = join(fx.dir, 'libvirt-sock');
    await fx.listenUnix(sock);
    expect(await findLocalLibvirtSocket([file, join(fx.dir, 'nope'), sock])).toBe(sock);
    expect(await findLocalLibvirtSocket([file])).toBeNull();
  });
});

describe('LOCAL_LIBVIRT_SOCKETS', () => {
  it('are the sockets a connection to qemu:///system tries, modular daemon first', () => {
    expect(LOCAL_LIBVIRT_URI).toBe('qemu:///system');
    expect(LOCAL_LIBVIRT_SOCKETS).toEqual(['/var/run/libvirt/virtqemud-sock', '/var/run/libvirt/libvirt-sock']);
  });

  it('agree with the socket the dialer picks, whichever of them exist', () => {
    const parsed = parseLibvirtUri(LOCAL_LIBVIRT_URI);
    const [modular, legacy] = LOCAL_LIBVIRT_SOCKETS;
    for (const present of [[], [modular], [legacy], [modular, legacy]]) {
      const exists = (path: string) => present.includes(path);
      const probed = LOCAL_LIBVIRT_SOCKETS.find(exists);
      const dialed = localSocketPath(parsed, { exists });
      expect(dialed, `present: ${present.join(', ')}`).toBe(probed ?? legacy);
    }
  });
});
