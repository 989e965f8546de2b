// POST /upload/image: a file from the browser, streamed into the image import. It stands behind the same doors as the
// WebSocket — Host (checked by the caller), Origin, the session secret — and takes only a declared, bounded body:
// Content-Length is required and at most the limit, chunked bodies are refused, and the bytes are never buffered
// (the request itself is the import's source). A client that goes away aborts the import, which removes what it wrote.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallResult, ErrorCode } from '../../common/contract/errors';
import { UPLOAD_SECRET_HEADER } from '../../common/contract/upload-wire';
import type { ImageUploadSink } from '../app/image-upload';
import { SECURITY_HEADERS } from '../static/security-headers';
import { secretsMatch } from './session-secret';

/** What the endpoint checks against. */
export interface ImageUploadGate {
  readonly secret: string;
  readonly allowedOrigins: ReadonlySet<string>;
  readonly maxBytes: number;
  /** Uploads running at once beyond which a new one is refused (429). */
  readonly maxConcurrent: number;
  readonly sink: ImageUploadSink;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_args: 400,
  invalid_input: 422,
  forbidden: 403,
  already_exists: 409,
  conflict: 409,
  not_found: 404,
  rate_limited: 429,
  unavailable: 503,
};

/** Serve one upload request (the Host header was already checked). */
export function makeImageUploadHandler(gate: () => ImageUploadGate): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  let running = 0;
  return async (req, res) => {
    const g = gate();
    const refuse = (status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}): void =>
      answer(res, status, { ok: false, error: { code, message } }, { Connection: 'close', ...headers });
    if (req.method !== 'POST') return refuse(405, 'invalid_args', 'Only POST is supported here', { Allow: 'POST' });
    const origin = req.headers.origin;
    if (origin === undefined) return refuse(403, 'forbidden', 'Missing Origin header: only the Virt Deck page served here may upload');
    if (!g.allowedOrigins.has(origin)) return refuse(403, 'forbidden', `Origin ${origin} is not allowed: only pages served by this Virt Deck may upload`);
    const presented = req.headers[UPLOAD_SECRET_HEADER];
    if (typeof presented !== 'string' || !secretsMatch(presented, g.secret)) {
      return refuse(401, 'forbidden', `Missing or wrong session secret (the ${UPLOAD_SECRET_HEADER} header)`);
    }
    if (req.headers['transfer-encoding'] !== undefined) return refuse(411, 'invalid_args', 'A chunked body is not accepted: send Content-Length');
    const declared = req.headers['content-length'];
    if (declared === undefined || !/^\d{1,16}$/.test(declared)) return refuse(411, 'invalid_args', 'Content-Length is required');
    const sizeBytes = Number(declared);
    if (sizeBytes > g.maxBytes) return refuse(413, 'invalid_input', `The file is ${sizeBytes} bytes; uploads are limited to ${g.maxBytes} bytes`);
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/octet-stream') return refuse(415, 'invalid_args', 'The body must be application/octet-stream (the file as it is)');
    const query = new URL(req.url ?? '/', 'http://placeholder').searchParams;
    const name = query.get('name');
    if (name === null) return refuse(400, 'invalid_args', 'The image name is missing (?name=…)');
    if (running >= g.maxConcurrent) return refuse(429, 'rate_limited', `Too many uploads at once (limit ${g.maxConcurrent}): wait for one to finish`);

    running += 1;
    const aborted = new AbortController();
    // 'close' before the body ended: the client went away (cancel, tab closed).
    const onClose = (): void => {
      if (!req.complete) aborted.abort(new Error('The upload was cancelled'));
    };
    req.on('close', onClose);
    try {
      const result = await g.sink(req, { name, sizeBytes, fileName: fileLabel(query.get('file')), signal: aborted.signal });
      if (result.ok) return answer(res, 200, result);
      // The body may not have been read (a bad name is refused before the first byte): close rather than drain it.
      return answer(res, STATUS[result.error.code] ?? 500, result, req.complete ? {} : { Connection: 'close' });
    } finally {
      running -= 1;
      req.off('close', onClose);
    }
  };
}

/** The client's file name, for display only: bounded, control characters replaced (it reaches logs and the activity panel). */
function fileLabel(name: string | null): string | undefined {
  if (name === null || name === '') return undefined;
  // eslint-disable-next-line no-control-regex
  return name.slice(0, 255).replace(/[\u0000-\u001f\u007f]/g, '?');
}

function answer(res: ServerResponse, status: number, body: CallResult<unknown>, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
