import RFB from '@novnc/novnc';
import type { OpenedConsole } from '../../../common/contract/console-schemas';
import type { ConsoleView, ViewEvents } from './console-session';
import { watchFirstFrame } from './first-frame';
import type { KeyCombo } from './keysyms';
import { KEYSYM, keysOfText } from './keysyms';
import type { OpenConsoleChannel } from '../../shared/backend/console/console-socket';

/** The modifier keys (keysym, KeyboardEvent.code) released when the keyboard is given back. */
const RELEASED_ON_UNGRAB: readonly (readonly [number, string])[] = [
  [KEYSYM.Control_L, 'ControlLeft'],
  [KEYSYM.Control_L, 'ControlRight'],
  [KEYSYM.Alt_L, 'AltLeft'],
  [KEYSYM.Alt_L, 'AltRight'],
];

/** How the remote screen fits the view. */
export type ScaleMode = 'fit' | 'native' | 'remote';

/** What the adapter reports to its React view. */
export interface VncAdapterEvents {
  /** The guest put text on its clipboard. */
  clipboard(text: string): void;
  /** The RFB instance changed (null: none). */
  changed(): void;
}

/**
 * noVNC in a view: one RFB per channel the session attaches, created in `target` with the channel as its socket
 * (an already-open WebSocket or the Electron port adapter) and the password main read from the domain XML. Holds the
 * viewer's settings across reconnects.
 */
export class VncAdapter implements ConsoleView {
  private rfb: RFB | null = null;
  private stopWatching: (() => void) | null = null;
  private scale: ScaleMode = 'fit';
  private viewOnly = false;

  constructor(
    private readonly target: HTMLElement,
    private readonly events: VncAdapterEvents,
  ) {}

  /** Whether a VNC session is attached. */
  get attached(): boolean {
    return this.rfb !== null;
  }

  attach(channel: OpenConsoleChannel, opened: OpenedConsole, events: ViewEvents): void {
    this.detach();
    const rfb = new RFB(this.target, channel.socket, { shared: true, ...(opened.password === null ? {} : { credentials: { password: opened.password } }) });
    this.rfb = rfb;
    rfb.background = 'transparent';
    rfb.focusOnClick = true;
    this.apply();
    rfb.addEventListener('connect', () => {
      events.connected();
      const canvas = this.target.querySelector('canvas');
      if (canvas !== null) this.stopWatching = watchFirstFrame(canvas, () => events.firstFrame());
    });
    rfb.addEventListener('credentialsrequired', () => {
      if (opened.password !== null) rfb.sendCredentials({ password: opened.password });
      else events.fail(`The VNC display of ${opened.instance.name} asks for a password, but its domain XML sets none`);
    });
    rfb.addEventListener('securityfailure', (event) => {
      events.fail(`The VNC display of ${opened.instance.name} refused the connection${event.detail.reason ? `: ${event.detail.reason}` : ' (wrong password?)'}`);
    });
    rfb.addEventListener('clipboard', (event) => this.events.clipboard(event.detail.text));
    this.events.changed();
  }

  detach(): void {
    this.stopWatching?.();
    this.stopWatching = null;
    const rfb = this.rfb;
    this.rfb = null;
    if (rfb !== null) {
      // noVNC removes its canvas when it disconnects; a session already closed by the server needs nothing more.
      try {
        rfb.disconnect();
      } catch {
        // Already disconnected.
      }
      this.events.changed();
    }
  }

  setScale(mode: ScaleMode): void {
    this.scale = mode;
    this.apply();
  }

  setViewOnly(on: boolean): void {
    this.viewOnly = on;
    this.apply();
  }

  /** Press a combination (in order) and release it (in reverse). */
  sendCombo(combo: KeyCombo): void {
    const rfb = this.rfb;
    if (rfb === null) return;
    for (const key of combo.keys) rfb.sendKey(key, null, true);
    for (const key of [...combo.keys].reverse()) rfb.sendKey(key, null, false);
  }

  /** Type text into the guest, key by key (what the guest gets from a keyboard, whatever its clipboard support). */
  typeText(text: string): number {
    const rfb = this.rfb;
    if (rfb === null) return 0;
    const keys = keysOfText(text);
    for (const { keysym, shift } of keys) {
      if (shift) rfb.sendKey(KEYSYM.Shift_L, null, true);
      rfb.sendKey(keysym, null);
      if (shift) rfb.sendKey(KEYSYM.Shift_L, null, false);
    }
    return keys.length;
  }

  /** The screen as a PNG. */
  screenshot(): Promise<Blob | null> {
    const rfb = this.rfb;
    if (rfb === null) return Promise.resolve(null);
    return new Promise((resolve) => rfb.toBlob(resolve, 'image/png'));
  }

  focus(): void {
    this.rfb?.focus({ preventScroll: true });
  }

  /**
   * Give the keyboard back (Ctrl+Alt+G). noVNC sent Ctrl and Alt down before the G that releases, and it only lets
   * keys go when the whole window loses focus, so their releases are sent here, or the guest would keep them held.
   */
  releaseKeyboard(): void {
    const rfb = this.rfb;
    if (rfb === null) return;
    rfb.blur();
    for (const [keysym, code] of RELEASED_ON_UNGRAB) rfb.sendKey(keysym, code, false);
  }

  private apply(): void {
    const rfb = this.rfb;
    if (rfb === null) return;
    rfb.viewOnly = this.viewOnly;
    rfb.scaleViewport = this.scale === 'fit';
    rfb.resizeSession = this.scale === 'remote';
    rfb.clipViewport = false;
  }
}
