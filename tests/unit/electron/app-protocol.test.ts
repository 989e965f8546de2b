import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSchemeHandler } from '../../../electron/app-protocol';

// protocol.handle() hands the handler a fetch Request and expects a Response: both exist in Node, so the handler
// runs here exactly as Electron would run it.
describe('appSchemeHandler', () => {
  let dir: string;
  let handler: (request: Request) => Promise<Response>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'virt-deck-scheme-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Virt Deck</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'export {}');
    handler = appSchemeHandler(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the renderer with the CSP', async () => {
    const res = await handler(new Request('app://virt-deck/index.html'));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Virt Deck</title>');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self';");
    const js = await handler(new Request('app://virt-deck/assets/app.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await handler(new Request('app://virt-deck/'))).status).toBe(200);
  });

  it('refuses other hosts, other methods, missing files and escapes', async () => {
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404);
    expect((await handler(new Request('app://virt-deck/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    expect((await handler(new Request('app://virt-deck/nope.js'))).status).toBe(404);
    expect((await handler(new Request('app://virt-deck/assets'))).status).toBe(404);
    const escape = await handler(new Request('app://virt-deck/%2e%2e/%2e%2e/etc/passwd'));
    expect([400, 404]).toContain(escape.status);
    expect(await escape.text()).not.toContain('root:');
  });
});
