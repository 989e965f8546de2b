/** What the CSP must allow beyond 'self'. */
export interface CspOptions {
  /** Extra `connect-src` sources, e.g. the web mode's own `ws://127.0.0.1:PORT` (older engines do not count ws: as 'self'). */
  readonly connectSrc?: readonly string[];
}

/**
 * The Content Security Policy of the renderer, shared by web mode (HTTP header) and the Electron app scheme.
 * Nothing inline, nothing remote: scripts and styles come from our own bundle only.
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...(options.connectSrc ?? [])].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every renderer response carries, besides the CSP. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  // The session secret lives in the URL fragment, which browsers never send; no-referrer makes sure nothing else leaks.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
};
