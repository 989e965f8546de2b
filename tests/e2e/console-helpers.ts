// Helpers of the console e2e tests: a web mode with one lab host added, opening consoles, reading their screens.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, type Locator, type Page } from '@playwright/test';
import { consoleTestIds } from '../../renderer/features/console/test-ids';
import { instanceRowId, testIds } from '../../renderer/testIds';
import { connectLibvirt } from '../../main/libvirt';
import { ROOT, startWebModeChild, type WebModeChild } from './web-mode';

const run = promisify(execFile);

/** A web mode of the test's own, with one host added (through the CLI, before it starts). */
export interface ConsoleWebMode {
  readonly server: WebModeChild;
  stop(): Promise<void>;
}

/** Start web mode on a fresh data directory holding the host `name` at `uri`. */
export async function startWebModeWithHost(name: string, uri: string): Promise<ConsoleWebMode> {
  const dataDir = mkdtempSync(join(tmpdir(), 'virt-deck-e2e-console-'));
  await run(process.execPath, [join(ROOT, 'dist', 'cli.mjs'), '--data-dir', dataDir, 'host', 'add', name, uri], { cwd: ROOT });
  const server = await startWebModeChild(dataDir);
  return {
    server,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Open the Instances screen and wait for an instance's row. */
export async function showInstance(page: Page, url: string, uuid: string): Promise<Locator> {
  await page.goto(url);
  await expect(page.getByTestId(testIds.connectionStatus)).toHaveAttribute('data-state', 'connected');
  await page.getByTestId(testIds.navItem('instances')).click();
  const row = page.getByTestId(instanceRowId(uuid));
  await expect(row).toBeVisible({ timeout: 30_000 });
  // The host session must be up (the console needs the live domain), not just the row listed.
  await expect(row.getByTestId(testIds.instanceStatus)).toHaveText('ACTIVE', { timeout: 30_000 });
  return row;
}

/** The view of a console tab, and its state badge. */
export function consoleView(page: Page, uuid: string, kind: 'vnc' | 'serial'): { view: Locator; state: Locator } {
  const view = page.getByTestId(consoleTestIds.view(`${uuid}:${kind}`));
  return { view, state: view.getByTestId(consoleTestIds.state) };
}

/** Wait until a console is connected (for VNC: the handshake is done and the screen has its size). */
export async function waitConnected(page: Page, uuid: string, kind: 'vnc' | 'serial', timeout = 30_000): Promise<Locator> {
  const { view, state } = consoleView(page, uuid, kind);
  await expect(state).toHaveAttribute('data-state', 'connected', { timeout });
  if (kind === 'vnc') await expect.poll(() => view.evaluate((element) => element.querySelector('canvas')?.width ?? 0), { timeout }).toBeGreaterThan(0);
  return view;
}

/** A domain's screen as libvirt captures it (DOMAIN_SCREENSHOT), as PNG bytes. */
export async function domainScreenshot(uri: string, uuid: string): Promise<Buffer> {
  const conn = await connectLibvirt(uri);
  try {
    const shot = await conn.domains.screenshot(await conn.domains.lookupByUuid(uuid));
    const parts: Buffer[] = [];
    for await (const chunk of shot.stream) parts.push(chunk as Buffer);
    if (shot.mime !== 'image/png') throw new Error(`expected a PNG screenshot, got ${shot.mime ?? 'no type'}`);
    return Buffer.concat(parts);
  } finally {
    await conn.close();
  }
}

/** How the console's canvas compares with an image: both averaged over 10×10-pixel blocks to grey levels. */
export interface ScreenComparison {
  /** Share of blocks that are not black, on the canvas and in the image. */
  readonly canvasLit: number;
  readonly imageLit: number;
  /** Mean absolute difference of block grey levels (0–255), canvas vs image and canvas vs a blank screen. */
  readonly diffToImage: number;
  readonly diffToBlank: number;
}

/**
 * A view's canvas — and a PNG, when given — averaged over 10×10 blocks of grey, in the page (the browser decodes and
 * draws both alike). Block averages are a perceptual comparison: they ignore the VNC encoding's JPEG noise and a
 * blinking cursor, where a plain downscale (sampling a few pixels of thin text strokes) would not.
 */
function screenBlocks(view: Locator, png?: Buffer): Promise<{ canvas: number[]; image: number[] | null }> {
  return view.evaluate(async (element, base64) => {
    const blocks = (source: CanvasImageSource, width: number, height: number): number[] => {
      const copy = document.createElement('canvas');
      copy.width = width;
      copy.height = height;
      const context = copy.getContext('2d')!;
      context.drawImage(source, 0, 0);
      const data = context.getImageData(0, 0, width, height).data;
      const out: number[] = [];
      for (let by = 0; by + 10 <= height; by += 10) {
        for (let bx = 0; bx + 10 <= width; bx += 10) {
          let sum = 0;
          for (let y = by; y < by + 10; y++) for (let x = bx; x < bx + 10; x++) {
            const i = (y * width + x) * 4;
            sum += (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
          }
          out.push(sum / 100);
        }
      }
      return out;
    };
    const canvas = element.querySelector('canvas');
    if (canvas === null || canvas.width === 0) return { canvas: [], image: null };
    if (base64 === null) return { canvas: blocks(canvas, canvas.width, canvas.height), image: null };
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    if (canvas.width !== image.naturalWidth || canvas.height !== image.naturalHeight) {
      throw new Error(`the canvas is ${canvas.width}×${canvas.height}, the screenshot ${image.naturalWidth}×${image.naturalHeight}`);
    }
    return { canvas: blocks(canvas, canvas.width, canvas.height), image: blocks(image, image.naturalWidth, image.naturalHeight) };
  }, png?.toString('base64') ?? null);
}

/** Compare the noVNC canvas of a view with a PNG (block averages, see screenBlocks). */
export async function compareCanvasWithPng(view: Locator, png: Buffer): Promise<ScreenComparison> {
  const { canvas, image } = await screenBlocks(view, png);
  if (image === null) throw new Error('no canvas in the console view');
  const lit = (values: readonly number[]) => values.filter((v) => v > 4).length / values.length;
  return { canvasLit: lit(canvas), imageLit: lit(image), diffToImage: screenDistance(canvas, image), diffToBlank: screenDistance(canvas, canvas.map(() => 0)) };
}

/** The view's canvas averaged over 10×10 blocks (grey levels): to tell one screen from another. */
export async function canvasBlocks(view: Locator): Promise<number[]> {
  return (await screenBlocks(view)).canvas;
}

/** How far apart two screens are: the mean absolute difference of their blocks (0 = the same picture). */
export function screenDistance(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return Infinity;
  return a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;
}

/** Share of lit pixels on a view's canvas now (0 for a blank screen). */
export function canvasLit(view: Locator): Promise<number> {
  return view.evaluate((element) => {
    const canvas = element.querySelector('canvas');
    if (canvas === null || canvas.width === 0) return 0;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const context = copy.getContext('2d')!;
    context.drawImage(canvas, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let lit = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! > 96) lit += 1;
    return lit / (data.length / 4);
  });
}

/**
 * Type text the way a keyboard does. Playwright's type() sends `>` or `S` as the key without pressing Shift, and
 * noVNC sends QEMU the key's scan code, so Shift is pressed here for the characters that need it.
 */
export async function typeOnVnc(page: Page, text: string): Promise<void> {
  for (const char of text) {
    if (char === '>') await page.keyboard.press('Shift+Period');
    else if (/^[A-Z]$/.test(char)) await page.keyboard.press(`Shift+Key${char}`);
    else if (char === '\n') await page.keyboard.press('Enter');
    else await page.keyboard.type(char);
  }
}
