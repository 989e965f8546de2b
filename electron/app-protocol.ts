// Serving the built renderer on app://virt-deck/ (registered as standard + secure before `ready`).
import { readFile } from 'node:fs/promises';
import { SECURITY_HEADERS, contentSecurityPolicy } from '../main/static/security-headers';
import { contentTypeOf, resolveStaticPath } from '../main/static/static-files';
import { APP_HOST } from './app-url';

/** A handler for `protocol.handle(APP_SCHEME, …)` serving files under `rendererDir` with the CSP. */
export function appSchemeHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const csp = contentSecurityPolicy();
  return async (request) => {
    const url = new URL(request.url);
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Only GET and HEAD are supported');
    if (url.host !== APP_HOST) return text(404, `Unknown host ${url.host}`);
    const file = resolveStaticPath(rendererDir, url.pathname);
    if (file === null) return text(400, 'Bad path');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return text(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': csp, 'Content-Type': contentTypeOf(file) },
    });
  };
}

function text(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}
