// The console proxy's back-pressure, with in-process streams: a guest that never stops sending, a viewer that stops
// reading, a console side that stops taking input.
import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CONSOLE_CLOSE } from '../../../common/contract/console-wire';
import { pipeConsole, type ViewerEnd, type ViewerEvents } from '../../../main/console/proxy';

const CHUNK = 64 * 1024;
const BOUND = 1024 * 1024;

/** A console side that produces as fast as it is read (a VNC server streaming frames), and records what it is sent. */
class Guest extends Duplex {
  produced = 0;
  received: Buffer[] = [];
  /** Write callbacks held back while the console side is "busy". */
  held: (() => void)[] = [];
  busy = false;

  constructor() {
    super({ writableHighWaterMark: 16 * 1024 });
  }

  override _read(): void {
    this.produced += CHUNK;
    this.push(Buffer.alloc(CHUNK, 7));
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.received.push(chunk);
    if (this.busy) this.held.push(() => callback());
    else callback();
  }

  release(): void {
    this.busy = false;
    for (const callback of this.held.splice(0)) callback();
  }
}

/** A viewer whose reading the test controls: nothing it is sent counts as taken until `take()`. */
class StalledViewer implements ViewerEnd {
  queuedBytes = 0;
  events: ViewerEvents | null = null;
  inputPaused = false;
  closed: { code: number; reason: string } | null = null;

  attach(events: ViewerEvents): void {
    this.events = events;
  }
  send(chunk: Uint8Array): void {
    this.queuedBytes += chunk.length;
  }
  pauseInput(): void {
    this.inputPaused = true;
  }
  resumeInput(): void {
    this.inputPaused = false;
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
  take(bytes: number): void {
    this.queuedBytes -= bytes;
    this.events?.drain();
  }
}

/** Let the streams run until nothing moves any more (no clock involved). */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe('console proxy', () => {
  it('stops reading the guest when the viewer stops reading: queued bytes stay within the bound plus one chunk', async () => {
    const guest = new Guest();
    const viewer = new StalledViewer();
    const proxy = pipeConsole(guest, viewer, { maxQueuedBytes: BOUND });
    await settle();
    expect(viewer.queuedBytes).toBeGreaterThanOrEqual(BOUND);
    expect(viewer.queuedBytes).toBeLessThanOrEqual(BOUND + CHUNK);
    expect(proxy.stats.pauses).toBe(1);
    const producedWhileStalled = guest.produced;
    // Nothing more is produced however long the viewer sleeps: only the stream's own small buffer fills.
    await settle();
    expect(guest.produced).toBe(producedWhileStalled);
    expect(guest.produced - proxy.stats.toViewer).toBeLessThanOrEqual(guest.readableHighWaterMark + CHUNK);
    proxy.close(CONSOLE_CLOSE.NORMAL, 'test over');
  });

  it('resumes once the viewer caught up to half the bound', async () => {
    const guest = new Guest();
    const viewer = new StalledViewer();
    const proxy = pipeConsole(guest, viewer, { maxQueuedBytes: BOUND });
    await settle();
    const before = proxy.stats.toViewer;
    viewer.take(CHUNK); // still above half: stays paused
    await settle();
    expect(proxy.stats.toViewer).toBe(before);
    viewer.take(viewer.queuedBytes - BOUND / 2);
    await settle();
    expect(proxy.stats.toViewer).toBeGreaterThan(before);
    expect(proxy.stats.pauses).toBe(2);
    expect(viewer.queuedBytes).toBeLessThanOrEqual(BOUND + CHUNK);
    proxy.close(CONSOLE_CLOSE.NORMAL, 'test over');
  });

  it("pauses the viewer's input while the console side is not taking it", async () => {
    const guest = new Guest();
    guest.pause();
    const viewer = new StalledViewer();
    const proxy = pipeConsole(guest, viewer);
    guest.busy = true;
    for (let i = 0; i < 4; i++) viewer.events!.data(new Uint8Array(8 * 1024));
    expect(viewer.inputPaused).toBe(true);
    guest.release();
    await settle();
    expect(viewer.inputPaused).toBe(false);
    expect(Buffer.concat(guest.received)).toHaveLength(32 * 1024);
    expect(proxy.stats.fromViewer).toBe(32 * 1024);
    proxy.close(CONSOLE_CLOSE.NORMAL, 'test over');
  });

  it('closes the viewer with the reason when the console side ends or fails, and the tunnel when the viewer goes', async () => {
    const ended = new Guest();
    ended.pause();
    const first = new StalledViewer();
    const proxy = pipeConsole(ended, first, { label: 'the display of web-1' });
    ended.destroy();
    const closed = await proxy.closed;
    expect(closed.code).toBe(CONSOLE_CLOSE.NORMAL);
    expect(first.closed).toEqual({ code: CONSOLE_CLOSE.NORMAL, reason: 'The display of web-1 ended (the guest display or console closed)' });

    const failing = new Guest();
    failing.pause();
    const second = new StalledViewer();
    const failed = pipeConsole(failing, second, { label: 'the display of web-1' });
    failing.destroy(new Error('SSH connection to root@lab1:22 connection lost: Keepalive timeout'));
    expect((await failed.closed).code).toBe(CONSOLE_CLOSE.UNREACHABLE);
    expect(second.closed?.reason).toBe('Connection to the display of web-1 lost: SSH connection to root@lab1:22 connection lost: Keepalive timeout');

    const tunnel = new Guest();
    tunnel.pause();
    const third = new StalledViewer();
    const gone = pipeConsole(tunnel, third);
    third.events!.close(1001, 'The viewer went away');
    expect(await gone.closed).toMatchObject({ code: 1001, reason: 'The viewer went away' });
    expect(tunnel.destroyed).toBe(true);
    expect(third.closed).toBeNull();
  });
});
