// The screenshot helper the e2e specs share: a screen saved as docs/screenshots/<name>-light.png and -dark.png, only
// when VIRT_DECK_SCREENSHOTS=1 (it writes into the checkout, so a normal run leaves it alone).
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './web-mode';

/** Where the screenshots go. */
export const SCREENSHOTS_DIR = join(ROOT, 'docs', 'screenshots');

/** Whether this run writes screenshots. */
export const SCREENSHOTS_WANTED = process.env.VIRT_DECK_SCREENSHOTS === '1';

/** Save the page as `<name>-light.png` and `<name>-dark.png` (nothing unless VIRT_DECK_SCREENSHOTS=1). */
export async function shoot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS_WANTED) return;
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Let the theme's colours settle (and any menu or tooltip keep its place) before the picture.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
