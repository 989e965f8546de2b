/**
 * xterm.js 6 styles its DOM renderer with `<style>` elements it creates itself (colours, cell sizes), and the app's
 * Content-Security-Policy (`style-src 'self'`) refuses inline style elements (xtermjs/xterm.js#4445). Rather than
 * weaken the policy for the whole app, each style element xterm adds inside `container` is copied into a constructed
 * stylesheet adopted by the document (CSSOM, which the policy does not govern) and taken out of the document, and
 * its copy follows as xterm rewrites its text (theme, font size, resize). The browser still reports one refused
 * inline style per element xterm creates (three per terminal), at creation. Returns the function that stops and
 * removes the copies.
 */
export function mirrorXtermStyles(container: HTMLElement): () => void {
  const sheets = new Map<HTMLStyleElement, { sheet: CSSStyleSheet; observer: MutationObserver }>();
  const adopt = (element: HTMLStyleElement): void => {
    if (sheets.has(element)) return;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(element.textContent ?? '');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    // Detached, its later rewrites are not parsed (nor refused) again; a MutationObserver still sees them.
    const observer = new MutationObserver(() => sheet.replaceSync(element.textContent ?? ''));
    observer.observe(element, { childList: true, characterData: true, subtree: true });
    sheets.set(element, { sheet, observer });
    element.remove();
  };
  const scan = (): void => {
    for (const element of container.querySelectorAll('style')) adopt(element);
  };
  const watcher = new MutationObserver(scan);
  watcher.observe(container, { childList: true, subtree: true });
  scan();
  return () => {
    watcher.disconnect();
    const ours = new Set<CSSStyleSheet>();
    for (const { sheet, observer } of sheets.values()) {
      observer.disconnect();
      ours.add(sheet);
    }
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => !ours.has(s));
    sheets.clear();
  };
}
