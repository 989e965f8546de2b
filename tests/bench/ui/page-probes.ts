// Measurements taken inside the page (Debian Chromium through Playwright). Each function handed to page.evaluate is
// self-contained: it runs in the page, not here. "Painted" means: after the next frame's rendering update (a task
// posted from requestAnimationFrame runs once that frame's style, layout and paint are done).
import type { Page } from '@playwright/test';

/** Click the nav item and time, in the page, until the first instance row is painted (ms). */
export function timeFirstRows(page: Page, navTestId: string): Promise<number> {
  return page.evaluate(async (navId) => {
    const afterPaint = () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now());
          channel.port2.postMessage(null);
        }),
      );
    const rowsShown = () => document.querySelector('[data-testid^="instance-row-"]') !== null;
    const nav = document.querySelector<HTMLElement>(`[data-testid="${navId}"]`);
    if (nav === null) throw new Error(`no ${navId}`);
    console.timeStamp('vd-render-start');
    const start = performance.now();
    const shown = new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        if (!rowsShown()) return;
        observer.disconnect();
        resolve();
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    nav.click();
    if (!rowsShown()) await shown;
    const painted = await afterPaint();
    console.timeStamp('vd-render-end');
    return painted - start;
  }, navTestId);
}

/**
 * Reload the page (which opens on the list again: the section survives a reload) and time, from the navigation's
 * start, until the first instance row is painted: loading the app, connecting, fetching the list and rendering it.
 */
export async function timeOpenOnList(page: Page): Promise<number> {
  await page.addInitScript(() => {
    console.timeStamp('vd-open-start');
    const state = window as unknown as { vdFirstRowAt?: number };
    const observer = new MutationObserver(() => {
      if (document.querySelector('[data-testid^="instance-row-"]') === null) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          state.vdFirstRowAt = performance.now();
          console.timeStamp('vd-open-end');
        };
        channel.port2.postMessage(null);
      });
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  await page.reload();
  const handle = await page.waitForFunction(() => (window as unknown as { vdFirstRowAt?: number }).vdFirstRowAt ?? false, undefined, { timeout: 60_000 });
  return (await handle.jsonValue()) as number;
}

/** Watch key presses: each keydown's time, until the list that follows its input event is painted. */
export async function watchKeystrokes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const state = window as unknown as { vdKeystrokes: number[] };
    state.vdKeystrokes = [];
    let down = 0;
    window.addEventListener(
      'keydown',
      (event) => {
        down = event.timeStamp;
        console.timeStamp('vd-key-start');
      },
      true,
    );
    // Bubble phase on the window: after React's own listener has rendered the change (input is a discrete event).
    window.addEventListener('input', () => {
      const started = down;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          state.vdKeystrokes.push(performance.now() - started);
          console.timeStamp('vd-key-end');
        };
        channel.port2.postMessage(null);
      });
    });
  });
}

/** The keystroke times recorded since {@link watchKeystrokes}, once `count` are in. */
export async function keystrokeTimes(page: Page, count: number): Promise<number[]> {
  await page.waitForFunction((n) => (window as unknown as { vdKeystrokes: number[] }).vdKeystrokes.length >= n, count);
  return page.evaluate(() => (window as unknown as { vdKeystrokes: number[] }).vdKeystrokes);
}

/** Per-frame figures of a scroll: main-thread time of each frame, and the time between frames. */
export interface ScrollFrames {
  readonly work: number[];
  readonly intervals: number[];
}

/**
 * Scroll `selector` for `frames` frames, from the top: by `step` px each frame, or (step 0) to a random place each
 * frame (a drag of the scroll bar). Each frame's main-thread time runs from the frame's start (the rAF timestamp) to
 * the end of its rendering; the scroll set in frame k is handled (scroll event, rows rendered) in frame k+1.
 */
export function scrollFrames(page: Page, selector: string, step: number, frames: number): Promise<ScrollFrames> {
  return page.evaluate(
    async ({ selector, step, frames }) => {
      const element = document.querySelector<HTMLElement>(selector);
      if (element === null) throw new Error(`nothing matches ${selector}`);
      element.scrollTop = 0;
      let seed = 12345;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const work: number[] = [];
      const intervals: number[] = [];
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      await new Promise<void>((resolve) => {
        let previous = 0;
        let count = 0;
        const frame = (timestamp: number) => {
          console.timeStamp('vd-frame');
          if (previous !== 0) intervals.push(timestamp - previous);
          previous = timestamp;
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            // The first frame only starts the scroll: nothing was rendered for it yet.
            if (count > 1) work.push(performance.now() - timestamp);
            if (count > frames) resolve();
            else requestAnimationFrame(frame);
          };
          count += 1;
          element.scrollTop = step > 0 ? element.scrollTop + step : Math.floor(random() * (element.scrollHeight - element.clientHeight));
          channel.port2.postMessage(null);
        };
        requestAnimationFrame(frame);
      });
      return { work, intervals: intervals.slice(1) };
    },
    { selector, step, frames },
  );
}

/** The page's JS heap after a full garbage collection (bytes), and how many elements its document holds. */
export async function heapAfterGc(page: Page): Promise<{ heap: number; elements: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
    return { heap: usedSize, elements };
  } finally {
    await cdp.detach();
  }
}

/** Start recording, in the page, when the status badge of each of these instances changes and is painted. */
export async function watchStatuses(page: Page, uuids: readonly string[]): Promise<void> {
  await page.evaluate((ids) => {
    const state = window as unknown as { vdStatusChanges: { uuid: string; status: string; at: number }[] };
    state.vdStatusChanges = [];
    const last = new Map<string, string | undefined>();
    const statusOf = (uuid: string) => document.querySelector<HTMLElement>(`[data-testid="instance-row-${uuid}"] [data-testid="instance-status"]`)?.dataset.status;
    for (const uuid of ids) last.set(uuid, statusOf(uuid));
    new MutationObserver(() => {
      for (const uuid of ids) {
        const status = statusOf(uuid);
        if (status === last.get(uuid) || status === undefined) continue;
        last.set(uuid, status);
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => state.vdStatusChanges.push({ uuid, status, at: performance.timeOrigin + performance.now() });
          channel.port2.postMessage(null);
        });
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-status'] });
  }, uuids);
}

/** When (epoch ms, high resolution) the row of `uuid` was painted with `status`, waiting up to `timeoutMs`. */
export async function statusPaintedAt(page: Page, uuid: string, status: string, after: number, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    ({ uuid, status, after }) =>
      (window as unknown as { vdStatusChanges: { uuid: string; status: string; at: number }[] }).vdStatusChanges.find((change) => change.uuid === uuid && change.status === status && change.at >= after)?.at ?? false,
    { uuid, status, after },
    { timeout: timeoutMs, polling: 10 },
  );
  return (await handle.jsonValue()) as number;
}
