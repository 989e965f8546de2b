// Web mode's image upload endpoint over a real socket, into the real import (a temporary inventory and image cache):
// every refusal, and an upload that lands as an image.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_UPLOAD_PATH, UPLOAD_SECRET_HEADER } from '../../../common/contract/upload-wire';
import { createApp, type VirtDeckApp } from '../../../main/app';
import { startWebServer, type WebServer, type WebServerOptions } from '../../../main/server/web-server';
import { qcow2Image } from '../images/qcow2-fixture';
import { makeStaticDir } from './helpers';

let staticDir: string;
let dataDir: string;
let app: VirtDeckApp;
const servers: WebServer[] = [];

beforeAll(() => {
  staticDir = makeStaticDir();
  dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-upload-'));
  app = createApp({ mode: 'web', dataDir, libvirtSocketPaths: [], log: () => undefined });
});
afterAll(async () => {
  await app.close();
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Partial<WebServerOptions> = {}): Promise<WebServer> {
  const server = await startWebServer({ service: app.service, staticDir, imageUpload: app.imageUpload, ...options });
  servers.push(server);
  return server;
}

interface Answer {
  readonly status: number;
  readonly body: { ok: boolean; value?: { image: { name: string; diskFormat: string; status: string; source: string | null } }; error?: { code: string; message: string } };
}

/** POST a body to the endpoint; headers default to a correct upload from our own page. */
function upload(server: WebServer, body: Buffer, options: { name?: string; file?: string; headers?: Record<string, string | undefined>; method?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const defaults: Record<string, string | undefined> = {
    Host: `127.0.0.1:${server.port}`,
    Origin: server.origin,
    [UPLOAD_SECRET_HEADER]: server.secret,
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(body.length),
    ...options.headers,
  };
  for (const [key, value] of Object.entries(defaults)) if (value !== undefined) headers[key] = value;
  const path = `${IMAGE_UPLOAD_PATH}?name=${encodeURIComponent(options.name ?? 'vd-upload')}${options.file === undefined ? '' : `&file=${encodeURIComponent(options.file)}`}`;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: options.method ?? 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Answer['body'] }));
    });
    // The server may answer and close before the body is sent (a refusal): that is the point, not an error.
    req.on('error', (error) => (error.message.includes('EPIPE') || error.message.includes('ECONNRESET') ? undefined : reject(error)));
    req.end(body);
  });
}

const image = qcow2Image();
const images = () => readdirSync(join(dataDir, 'images'), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);

describe('POST /upload/image', () => {
  it('imports a qcow2 upload as an image (format from the header, sha256, cached)', async () => {
    const server = await start();
    const answer = await upload(server, image, { name: 'vd-upload-ok', file: 'disk\u001b[31m.qcow2' });
    expect(answer.status).toBe(200);
    expect(answer.body.value?.image).toMatchObject({ name: 'vd-upload-ok', diskFormat: 'qcow2', status: 'active' });
    const listed = await app.service.call('images.list', {}, { transport: 'in-process' });
    // The client's file name is the image's source, with its control characters replaced.
    expect(answer.body.value?.image.source).toBe('upload: disk?[31m.qcow2');
    expect(listed.ok && (listed.value as { name: string; checksumSha256: string | null }[]).some((i) => i.name === 'vd-upload-ok' && /^[0-9a-f]{64}$/.test(i.checksumSha256 ?? ''))).toBe(true);
  });

  it('refuses a request without the secret, or with a wrong one', async () => {
    const server = await start();
    const none = await upload(server, image, { headers: { [UPLOAD_SECRET_HEADER]: undefined } });
    expect(none.status).toBe(401);
    expect(none.body.error?.message).toMatch(/session secret/);
    const wrong = await upload(server, image, { headers: { [UPLOAD_SECRET_HEADER]: 'x'.repeat(43) } });
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign Origin and a missing one', async () => {
    const server = await start();
    const foreign = await upload(server, image, { headers: { Origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error?.message).toMatch(/Origin http:\/\/evil.example is not allowed/);
    const missing = await upload(server, image, { headers: { Origin: undefined } });
    expect(missing.status).toBe(403);
  });

  it('refuses a Host that is not this server (DNS rebinding)', async () => {
    const server = await start();
    const req = await new Promise<number>((resolve) => {
      const r = request(
        { host: '127.0.0.1', port: server.port, path: IMAGE_UPLOAD_PATH, method: 'POST', headers: { Host: `rebind.example:${server.port}`, Origin: server.origin, [UPLOAD_SECRET_HEADER]: server.secret, 'Content-Length': '0' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      r.end();
    });
    expect(req).toBe(421);
  });

  it('refuses a body over the limit before reading it, and a body of unknown length', async () => {
    const server = await start({ limits: { maxUploadBytes: 1024 } });
    const tooLarge = await upload(server, Buffer.alloc(4096));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error?.message).toMatch(/4096 bytes; uploads are limited to 1024 bytes/);
    const chunked = await upload(server, Buffer.alloc(512), { headers: { 'Content-Length': undefined, 'Transfer-Encoding': 'chunked' } });
    expect(chunked.status).toBe(411);
  });

  it('refuses another method and another content type', async () => {
    const server = await start();
    expect((await upload(server, image, { method: 'PUT' })).status).toBe(405);
    expect((await upload(server, image, { headers: { 'Content-Type': 'multipart/form-data' } })).status).toBe(415);
  });

  it('refuses a bad name before a byte is stored', async () => {
    const server = await start();
    const bad = await upload(server, image, { name: ' padded ' });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'invalid_input' });
    const control = await upload(server, image, { name: 'a\u0007b' });
    expect(control.status).toBe(422);
    const missing = await new Promise<number>((resolve) => {
      const r = request({ host: '127.0.0.1', port: server.port, path: IMAGE_UPLOAD_PATH, method: 'POST', headers: { Host: `127.0.0.1:${server.port}`, Origin: server.origin, [UPLOAD_SECRET_HEADER]: server.secret, 'Content-Type': 'application/octet-stream', 'Content-Length': '0' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      r.end();
    });
    expect(missing).toBe(400);
  });

  it('refuses what is not qcow2 or raw, naming the format, and leaves nothing behind', async () => {
    const server = await start();
    const before = images();
    const gzip = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(1020)]);
    const answer = await upload(server, gzip, { name: 'vd-upload-gzip' });
    expect(answer.status).toBe(422);
    expect(answer.body.error?.message).toMatch(/gzip/i);
    // A real-sized one is refused while its body still arrives: still named, not reported as a cancel.
    const bigGzip = await upload(server, Buffer.concat([gzip, Buffer.alloc(16 * 1024 * 1024)]), { name: 'vd-upload-big-gzip' });
    expect(bigGzip.status).toBe(422);
    expect(bigGzip.body.error?.message).toMatch(/gzip/i);
    const odd = await upload(server, Buffer.alloc(1000, 1), { name: 'vd-upload-odd' });
    expect(odd.status).toBe(422);
    expect(odd.body.error?.message).toMatch(/512/);
    expect(images()).toEqual(before);
    const listed = await app.service.call('images.list', {}, { transport: 'in-process' });
    expect(listed.ok && (listed.value as { name: string }[]).some((i) => i.name.startsWith('vd-upload-gzip') || i.name === 'vd-upload-big-gzip' || i.name === 'vd-upload-odd')).toBe(false);
  });

  it('a client that goes away mid-upload aborts the import: no part file, no image row', async () => {
    const server = await start();
    const before = images();
    const body = Buffer.concat([qcow2Image(), Buffer.alloc(256 * 1024)]);
    const req = request({
      host: '127.0.0.1',
      port: server.port,
      path: `${IMAGE_UPLOAD_PATH}?name=vd-upload-gone`,
      method: 'POST',
      headers: { Host: `127.0.0.1:${server.port}`, Origin: server.origin, [UPLOAD_SECRET_HEADER]: server.secret, 'Content-Type': 'application/octet-stream', 'Content-Length': String(8 * 1024 * 1024) },
    });
    req.on('error', () => undefined);
    req.write(body);
    // The import has started once its row exists (queued): then the client leaves.
    const listedNames = async () => {
      const listed = await app.service.call('images.list', {}, { transport: 'in-process' });
      return listed.ok ? (listed.value as { name: string }[]).map((i) => i.name) : [];
    };
    while (!(await listedNames()).includes('vd-upload-gone')) await new Promise((resolve) => setImmediate(resolve));
    req.destroy();
    while ((await listedNames()).includes('vd-upload-gone')) await new Promise((resolve) => setImmediate(resolve));
    while (readdirSync(join(dataDir, 'images')).some((f) => f.endsWith('.part'))) await new Promise((resolve) => setImmediate(resolve));
    expect(images()).toEqual(before);
  });
});
