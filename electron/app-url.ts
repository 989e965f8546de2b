/** The privileged scheme the renderer is served from (secure context: noVNC and WebCrypto need one). */
export const APP_SCHEME = 'app';

/** The single host of the scheme. */
export const APP_HOST = 'virt-deck';

/** Our origin. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** What the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Whether a URL belongs to our app (exact scheme and host; a lookalike host or a prefix trick does not pass). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Whether a URL is one of our console pop-out windows (`app://virt-deck/index.html#console=<uuid>&kind=vnc|serial`):
 * the only `window.open` the app honours, by opening a window of its own with the same baseline.
 */
export function isConsoleWindowUrl(url: string): boolean {
  if (!isAppUrl(url)) return false;
  const parsed = new URL(url);
  return parsed.pathname === '/index.html' && parsed.search === '' && /^#console=[0-9A-Za-z-]{1,64}(&kind=(vnc|serial))?$/.test(parsed.hash);
}
