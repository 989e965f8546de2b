import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../../main/api/service';
import { generateEd25519KeyPair } from '../../../main/keypairs';
import { useAppFixture } from './helpers';

const ctx: CallContext = { transport: 'in-process' };

describe('image, key pair, network and activity channels', () => {
  const fx = useAppFixture('virt-deck-image-channels-');

  it('imports an image from a path, lists, shows and deletes it, with activity.changed events on the way', async () => {
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    const events: { changed: { kind: string; state: string }[] }[] = [];
    app.service.subscribe((event, payload) => {
      if (event === 'activity.changed') events.push(payload as (typeof events)[number]);
    });
    const path = join(fx.dir, 'disk.raw');
    writeFileSync(path, Buffer.alloc(1024 * 1024, 3));
    const imported = await app.service.call('images.import', { path, name: 'disk', osType: 'linux', minRamMiB: 32, properties: { hw_disk_bus: 'virtio' } }, ctx);
    expect(imported).toMatchObject({
      ok: true,
      value: { image: { name: 'disk', status: 'active', diskFormat: 'raw', sizeBytes: 1024 * 1024, virtualSizeBytes: 1024 * 1024, minDiskGiB: 1, minRamMiB: 32, hosts: [], instances: 0, properties: { os_type: 'linux', hw_disk_bus: 'virtio' } }, notes: [] },
    });
    expect(events.map((e) => e.changed.map((a) => `${a.kind}:${a.state}`)).flat()).toEqual(expect.arrayContaining(['import:running', 'import:succeeded']));
    expect(await app.service.call('activity.list', {}, ctx)).toMatchObject({ ok: true, value: [{ kind: 'import', state: 'succeeded', title: 'Import image disk' }] });

    expect(await app.service.call('images.list', {}, ctx)).toMatchObject({ ok: true, value: [{ name: 'disk' }] });
    expect(await app.service.call('images.show', { ref: 'disk' }, ctx)).toMatchObject({ ok: true, value: { name: 'disk' } });
    expect(await app.service.call('images.delete', { ref: 'disk' }, ctx)).toMatchObject({ ok: true, value: { name: 'disk', instances: 0, baseVolumes: [] } });
    expect(await app.service.call('images.show', { ref: 'disk' }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Image disk not found' } });
  });

  it('refuses what cannot be imported with invalid_input and the reason', async () => {
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    const iso = join(fx.dir, 'installer.iso');
    const bytes = Buffer.alloc(64 * 1024);
    bytes.write('CD001', 0x8001, 'latin1');
    writeFileSync(iso, bytes);
    expect(await app.service.call('images.import', { path: iso, name: 'iso' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/ISO 9660/) } });
    expect(await app.service.call('images.import', { path: join(fx.dir, 'nope'), name: 'x' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/Cannot read image file/) } });
    expect(await app.service.call('images.import', { path: iso, name: 'x', extra: 1 }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
  });

  it('adds, lists and deletes key pairs; a generated one returns its private key once', async () => {
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    const key = generateEd25519KeyPair('me@there');
    expect(await app.service.call('keypairs.add', { name: 'mine', publicKey: key.publicKey }, ctx)).toMatchObject({ ok: true, value: { keyPair: { name: 'mine', fingerprint: key.fingerprint }, privateKey: null } });
    expect(await app.service.call('keypairs.add', { name: 'fresh' }, ctx)).toMatchObject({ ok: true, value: { privateKey: expect.stringMatching(/OPENSSH PRIVATE KEY/) } });
    expect(await app.service.call('keypairs.add', { name: 'mine' }, ctx)).toMatchObject({ ok: false, error: { code: 'already_exists' } });
    expect(await app.service.call('keypairs.add', { name: 'bad', publicKey: 'ssh-dss AAAA' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await app.service.call('keypairs.list', {}, ctx)).toMatchObject({ ok: true, value: [{ name: 'fresh' }, { name: 'mine' }] });
    expect(await app.service.call('keypairs.delete', { name: 'mine' }, ctx)).toMatchObject({ ok: true, value: { name: 'mine' } });
    expect(await app.service.call('keypairs.delete', { name: 'mine' }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('names an unknown host for networks.list and pools.list, and an unreachable one as unavailable', async () => {
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    expect(await app.service.call('networks.list', { host: 'nowhere' }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Host nowhere not found' } });
    const added = await app.service.call('hosts.add', { name: 'gone', uri: `qemu+unix:///system?socket=${join(fx.dir, 'no-such-socket')}` }, ctx);
    expect(added.ok).toBe(true);
    expect(await app.service.call('pools.list', { host: 'gone' }, ctx)).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/^Host gone is not reachable/) } });
  });
});
