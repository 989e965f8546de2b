// The composition root with its real parts: the SQLite inventory in a temporary data directory, a real unix socket.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useAppFixture } from './helpers';

const ctx = { transport: 'in-process' } as const;
const packageVersion = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('createApp', () => {
  const fx = useAppFixture('virt-deck-app-');

  it('answers app.info with what this installation really is', async () => {
    const app = fx.start({ mode: 'web', dataDir: join(fx.dir, 'data'), libvirtSocketPaths: [join(fx.dir, 'missing-sock')] });
    const result = await app.service.call('app.info', {}, ctx);
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'Virt Deck',
        version: packageVersion,
        mode: 'web',
        dataDir: join(fx.dir, 'data'),
        platform: process.platform,
        arch: process.arch,
        versions: { node: process.versions.node, electron: null },
        localLibvirt: { socketPath: null, checkedPaths: [join(fx.dir, 'missing-sock')] },
      },
    });
  });

  it('reports a libvirtd socket only when the path is a real unix socket', async () => {
    const file = join(fx.dir, 'plain-file');
    writeFileSync(file, '');
    const sock = join(fx.dir, 'libvirt-sock');
    await fx.listenUnix(sock);
    const app = fx.start({ mode: 'electron', dataDir: fx.dir, electronVersion: '45.4.1', libvirtSocketPaths: [file, sock] });
    const result = await app.service.call('app.info', {}, ctx);
    expect(result).toMatchObject({ ok: true, value: { mode: 'electron', versions: { electron: '45.4.1' }, localLibvirt: { socketPath: sock } } });
  });

  it('uses VIRT_DECK_DATA_DIR when no directory is given', () => {
    const app = fx.start({ mode: 'web', env: { VIRT_DECK_DATA_DIR: join(fx.dir, 'from-env') } });
    expect(app.dataDir).toBe(join(fx.dir, 'from-env'));
  });

  it('lists the seeded flavors and projects from the SQLite inventory, without bookkeeping fields', async () => {
    const app = fx.start({ mode: 'web', dataDir: fx.dir });
    const flavors = await app.service.call('flavors.list', {}, ctx);
    expect(flavors.ok).toBe(true);
    const rows = flavors.ok ? (flavors.value as { name: string }[]) : [];
    expect(rows.map((f) => f.name)).toEqual(expect.arrayContaining(['m1.tiny', 'm1.small', 'm1.medium', 'm1.large', 'm1.xlarge']));
    expect(rows[0]).not.toHaveProperty('updatedAt');

    const projects = await app.service.call('projects.list', {}, ctx);
    expect(projects).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ name: 'admin', enabled: true })]) });
  });

  it('keeps app.info working and says why when the inventory cannot be opened', async () => {
    const notADirectory = join(fx.dir, 'file');
    writeFileSync(notADirectory, 'x');
    const app = fx.start({ mode: 'web', dataDir: notADirectory, libvirtSocketPaths: [] });
    const flavors = await app.service.call('flavors.list', {}, ctx);
    expect(flavors).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining(notADirectory) } });
    expect(await app.service.call('app.info', {}, ctx)).toMatchObject({ ok: true });
  });

  it('names the database file when SQLite itself refuses it', async () => {
    writeFileSync(join(fx.dir, 'inventory.sqlite3'), 'this is not an SQLite database, just text that is long enough to be read');
    const app = fx.start({ mode: 'web', dataDir: fx.dir, libvirtSocketPaths: [] });
    const projects = await app.service.call('projects.list', {}, ctx);
    expect(projects).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(projects.ok ? '' : projects.error.message).toMatch(/inventory\.sqlite3/);
  });

  it('refuses inventory calls after close()', async () => {
    const app = fx.start({ mode: 'web', dataDir: fx.dir });
    void app.close(); // not awaited on purpose: calls made while it closes must already be refused
    expect(await app.service.call('projects.list', {}, ctx)).toEqual({ ok: false, error: { code: 'unavailable', message: 'Virt Deck is shutting down' } });
  });
});
