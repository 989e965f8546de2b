// Virt Deck's console proxy for the console benchmark, in a process of its own (as web mode runs it): the real web
// server and console broker, with one host and one instance in a private inventory. Tokens are issued on request
// (stdin line `issue <session> <port>`) for any TCP endpoint on this machine, so the same proxy relays the bench's
// upstream servers and a real guest's VNC server. Prints {"port","secret","instance"} once listening, then one token
// per request line; exits when stdin closes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createApp } from '../../../main/app';
import { inventoryPath } from '../../../main/config/paths';
import { openSqliteStore } from '../../../main/inventory/sqlite/store';
import { startWebServer } from '../../../main/server/web-server';

const dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-bench-console-'));
const staticDir = join(dataDir, 'static');
mkdirSync(staticDir);
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Virt Deck</title>');
const app = createApp({ mode: 'web', dataDir, libvirtSocketPaths: [], log: () => undefined });
await app.service.call('projects.list', {}, { transport: 'in-process' });
const store = openSqliteStore({ file: inventoryPath(dataDir) });
const host = store.hosts.update(store.hosts.insert({ name: 'bench', uri: 'qemu:///system' }).id, { status: 'up' });
const instance = store.instances.insert({ name: 'bench', projectId: store.projects.list()[0]!.id, hostId: host.id, vmState: 'active', vcpus: 1, ramMiB: 64, diskGiB: 1 });
store.close();
const server = await startWebServer({ service: app.service, staticDir, consoles: () => app.consoles(), log: () => undefined, limits: { maxConsoles: 64 } });
process.stdout.write(`${JSON.stringify({ port: server.port, secret: server.secret, instance: instance.uuid })}\n`);

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, session, port] = line.split(' ');
  if (command !== 'issue' || session === undefined || port === undefined) return;
  const { token } = app.consoles().tokens.issue(
    { instanceUuid: instance.uuid, kind: 'vnc', detail: { hostId: host.id, domainUuid: instance.uuid, endpoint: { kind: 'tcp', host: '127.0.0.1', port: Number(port) } } },
    session,
  );
  process.stdout.write(`${token}\n`);
});
lines.on('close', () => {
  void server.close().then(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
