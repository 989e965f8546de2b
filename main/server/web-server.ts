// Web mode: the renderer served to a browser on loopback, and the contract over a WebSocket.
// Defences, in order: bound to 127.0.0.1 only; the Host header must name this server (DNS rebinding); the WebSocket's
// Origin must be this server (cross-site pages); the first message must carry the session secret (other local
// users and processes); every message is size-limited and schema-checked; calls are rate-limited. Connections that
// have not said hello yet live in a small budget of their own, so they cannot hold the authenticated slots.
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CONSOLE_SOCKET_PATH } from '../../common/contract/console-wire';
import { DEFAULT_MAX_UPLOAD_BYTES, IMAGE_UPLOAD_PATH } from '../../common/contract/upload-wire';
import type { ImageUploadSink } from '../app/image-upload';
import { WS_CLOSE } from '../../common/contract/wire';
import type { ConsoleService } from '../console';
import type { ServiceEndpoint } from '../api/service';
import { serveConsoleSocket } from './console-socket';
import { makeImageUploadHandler } from './image-upload';
import { DEFAULT_SOCKET_LIMITS, closeSocket, serveContractSocket, type SocketLimits } from './contract-socket';
import { SECURITY_HEADERS, contentSecurityPolicy } from '../static/security-headers';
import { generateSessionSecret, MIN_SECRET_LENGTH } from './session-secret';
import { contentTypeOf, resolveStaticPath } from '../static/static-files';

/** Path of the contract WebSocket. */
export const CONTRACT_SOCKET_PATH = '/api';

/** How to start web mode. */
export interface WebServerOptions {
  readonly service: ServiceEndpoint;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Loopback address to bind (default 127.0.0.1); anything else is refused. */
  readonly host?: string;
  /** The session secret; default: 256 fresh random bits. */
  readonly secret?: string;
  readonly limits?: Partial<SocketLimits> & Partial<ConnectionLimits>;
  /** The console broker behind `/console`; without it the path answers 404. */
  readonly consoles?: () => ConsoleService;
  /** Where refused consoles are reported (default: stderr). */
  readonly log?: (message: string) => void;
  /** Imports `POST /upload/image` bodies; without it the path is an ordinary static one (a POST gets 405). */
  readonly imageUpload?: ImageUploadSink;
}

/** How many WebSockets the server holds. */
export interface ConnectionLimits {
  /** Connections that said hello with the secret; beyond it a new one is closed with 1013. */
  readonly maxConnections: number;
  /**
   * Connections still waiting for their hello (each for at most `helloTimeoutMs`). Any local process can open these
   * without the secret, so they never count against `maxConnections`; when this budget is full the oldest waiting one
   * is closed with 1013 to make room, so a flood of silent sockets cannot keep the real page out.
   */
  readonly maxPendingConnections: number;
  /** Console sockets open at once (each is a tunnel to a display or a serial console). */
  readonly maxConsoles: number;
  /** Largest image upload body (bytes). */
  readonly maxUploadBytes: number;
  /** Image uploads running at once. */
  readonly maxUploads: number;
}

/** Default connection limits. */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { maxConnections: 32, maxPendingConnections: 8, maxConsoles: 16, maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES, maxUploads: 4 };

/** A running web mode server. */
export interface WebServer {
  /** What to open in a browser: the origin plus `#secret=…` (a fragment is never sent over the network). */
  readonly url: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly port: number;
  readonly secret: string;
  /** Stop accepting, close every WebSocket with 1001 and every HTTP connection; resolves when all are gone. */
  close(): Promise<void>;
}

/** Start web mode. Rejects when the port is taken (EADDRINUSE) or the options are unsafe. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) {
    throw new Error(`Web mode listens on a 127.x.x.x loopback address only, not ${JSON.stringify(host)}`);
  }
  const secret = options.secret ?? generateSessionSecret();
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`The session secret must be at least ${MIN_SECRET_LENGTH} characters`);
  const limits: SocketLimits = { ...DEFAULT_SOCKET_LIMITS, ...options.limits };
  const { maxConnections, maxPendingConnections, maxConsoles, maxUploadBytes, maxUploads } = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));

  // Filled in once listening: the Host and Origin checks need the real port.
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  let csp = '';

  const sink = options.imageUpload;
  const serveUpload =
    sink === undefined
      ? null
      : makeImageUploadHandler(() => ({ secret, allowedOrigins, maxBytes: maxUploadBytes, maxConcurrent: maxUploads, sink }));

  const server = createServer((req, res) => {
    const pathname = pathnameOf(req);
    if (pathname === null) return plain(res, 400, 'Bad request target');
    const isUpload = serveUpload !== null && pathname === IMAGE_UPLOAD_PATH;
    // Only an upload has a body. Anything else that announces one is answered and closed at once, unread: with no
    // whole-request limit (see requestTimeout below), a body trickled to a static path would hold its socket forever.
    if (!isUpload && hasBody(req)) return plain(res, 400, 'Only an image upload has a body', { Connection: 'close' });
    const serve = isUpload && allowedHosts.has(req.headers.host ?? '') ? serveUpload : serveStatic;
    void serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) return plain(res, 421, `Host ${JSON.stringify(req.headers.host ?? '')} is not this server`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Only GET and HEAD are supported', { Allow: 'GET, HEAD' });
    const pathname = pathnameOf(req) ?? '';
    if (pathname === CONTRACT_SOCKET_PATH || pathname === CONSOLE_SOCKET_PATH) return plain(res, 426, 'This endpoint speaks WebSocket only', { Upgrade: 'websocket' });
    const file = resolveStaticPath(options.staticDir, pathname);
    if (file === null) return plain(res, 400, 'Bad path');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return plain(res, 404, 'Not found');
    const body = await readFile(file);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Security-Policy': csp,
      'Content-Type': contentTypeOf(file),
      'Content-Length': body.length,
      // Vite puts content hashes in asset names; everything else (index.html) must be revalidated.
      'Cache-Control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });
  /** Every open socket (closed on shutdown). */
  const sockets = new Set<WebSocket>();
  /** Sockets waiting for their hello, oldest first (a Set iterates in insertion order). */
  const pending = new Set<WebSocket>();
  /** Sockets that said hello with the secret. */
  const sessions = new Set<WebSocket>();
  /** Contract session ids of the open pages (console tokens are bound to one). */
  const liveSessions = new Set<string>();
  /** Console sockets that said hello. */
  const consoleSockets = new Set<WebSocket>();
  const consoles = options.consoles;
  const tooMany = `Too many connections (limit ${maxConnections})`;
  const tooManyConsoles = `Too many consoles open (limit ${maxConsoles}): close one first`;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = pathnameOf(req);
    if (pathname === null) return rejectUpgrade(socket, 400, 'Bad Request');
    const isConsole = pathname === CONSOLE_SOCKET_PATH && consoles !== undefined;
    if (pathname !== CONTRACT_SOCKET_PATH && !isConsole) return rejectUpgrade(socket, 404, 'Not Found');
    if (!allowedHosts.has(req.headers.host ?? '')) return rejectUpgrade(socket, 421, 'Misdirected Request');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => {
        sockets.delete(ws);
        pending.delete(ws);
        sessions.delete(ws);
        consoleSockets.delete(ws);
      });
      // Refusals happen after the upgrade so the client gets a close code and a readable reason
      // instead of a bare failed handshake.
      const origin = req.headers.origin;
      if (origin === undefined) {
        return closeSocket(ws, WS_CLOSE.BAD_ORIGIN, 'Missing Origin header: only the Virt Deck page served here may connect');
      }
      if (!allowedOrigins.has(origin)) {
        return closeSocket(ws, WS_CLOSE.BAD_ORIGIN, `Origin ${origin} is not allowed: only pages served by this Virt Deck may connect`);
      }
      // Full: a hello could not be admitted anyway.
      if (isConsole && consoleSockets.size >= maxConsoles) return closeSocket(ws, WS_CLOSE.TRY_AGAIN_LATER, tooManyConsoles);
      if (!isConsole && sessions.size >= maxConnections) return closeSocket(ws, WS_CLOSE.TRY_AGAIN_LATER, tooMany);
      if (pending.size >= maxPendingConnections) {
        const oldest = pending.values().next().value as WebSocket;
        pending.delete(oldest);
        closeSocket(oldest, WS_CLOSE.TRY_AGAIN_LATER, `Too many connections waiting for their hello (limit ${maxPendingConnections})`);
      }
      pending.add(ws);
      if (isConsole) {
        const admitConsole = (): string | null => {
          pending.delete(ws);
          if (consoleSockets.size >= maxConsoles) return tooManyConsoles;
          consoleSockets.add(ws);
          return null;
        };
        serveConsoleSocket(ws, { consoles, secret, helloTimeoutMs: limits.helloTimeoutMs, isLiveSession: (id) => liveSessions.has(id), admit: admitConsole, log });
        return;
      }
      const admit = (): string | null => {
        pending.delete(ws);
        if (sessions.size >= maxConnections) return tooMany;
        sessions.add(ws);
        return null;
      };
      serveContractSocket(ws, {
        service: options.service,
        secret,
        limits,
        admit,
        session: (id, open) => void (open ? liveSessions.add(id) : liveSessions.delete(id)),
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  // An image upload may take longer than Node's default whole-request limit (5 min); headers must still arrive in
  // time (headersTimeout), every refusal happens right after them, and only the upload (secret checked first) may
  // have a body at all.
  server.requestTimeout = 0;

  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${port}`;
  allowedHosts = new Set([`${host}:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([origin, `http://localhost:${port}`]);
  csp = contentSecurityPolicy({ connectSrc: [`ws://${host}:${port}`, `ws://localhost:${port}`] });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const ws of sockets) closeSocket(ws, WS_CLOSE.GOING_AWAY, 'Virt Deck is shutting down');
      await waitUntil(() => sockets.size === 0, 1000);
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await closed;
    })());

  return { url: `${origin}/#secret=${secret}`, origin, port, secret, close };
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${text}\n`);
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  // end(), not destroy(): the status line must reach the client before the connection closes.
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * The path of a request target, or null when it is not one (`//`, `http://[`…): `new URL` throws on those, and a
 * throw in the request callback would take the whole process down — before any Host, Origin or secret check.
 */
function pathnameOf(req: IncomingMessage): string | null {
  try {
    return new URL(req.url ?? '/', 'http://placeholder').pathname;
  } catch {
    return null;
  }
}

/** Whether a request announces a body (a length above zero, or chunks). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
