// What the app tests share: a temporary directory, the app under test and unix socket listeners, all closed after
// each test.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createApp, type CreateAppOptions, type VirtDeckApp } from '../../../main/app';

/** Per-test parts of an app test. */
export interface AppFixture {
  /** This test's temporary directory. */
  readonly dir: string;
  /** Build the app under test; closed after the test. */
  start(options: CreateAppOptions): VirtDeckApp;
  /** Listen on a unix socket at `path` (a stand-in for libvirtd's); closed after the test. */
  listenUnix(path: string, onConnection?: (socket: Socket) => void): Promise<void>;
}

/** Register the per-test setup and teardown; call once at the top of a describe block. */
export function useAppFixture(prefix: string): AppFixture {
  let dir = '';
  const apps: VirtDeckApp[] = [];
  const servers: Server[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    start(options) {
      const app = createApp(options);
      apps.push(app);
      return app;
    },
    listenUnix(path, onConnection) {
      const server = createServer(onConnection);
      servers.push(server);
      return new Promise((resolve) => server.listen(path, resolve));
    },
  };
}
