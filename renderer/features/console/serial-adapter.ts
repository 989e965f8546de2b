import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { OpenedConsole } from '../../../common/contract/console-schemas';
import type { ConsoleView, ViewEvents } from './console-session';
import type { OpenConsoleChannel } from '../../shared/backend/console/console-socket';
import { mirrorXtermStyles } from './xterm-styles';

/**
 * A serial console in xterm.js: libvirt's console stream shown as a terminal, keystrokes sent back as bytes. The
 * terminal outlives reconnects, so the boot log of a rebooting guest scrolls on in the same screen.
 */
export class SerialAdapter implements ConsoleView {
  private readonly terminal: Terminal;
  private readonly fit = new FitAddon();
  private readonly unmirror: () => void;
  private readonly resizeObserver: ResizeObserver;
  private channel: OpenConsoleChannel | null = null;
  private readonly encoder = new TextEncoder();

  constructor(target: HTMLElement) {
    this.unmirror = mirrorXtermStyles(target);
    this.terminal = new Terminal({
      convertEol: false,
      cursorBlink: true,
      scrollback: 5000,
      fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace",
      fontSize: 13,
      theme: { background: '#101318', foreground: '#d8dee9' },
    });
    this.terminal.loadAddon(this.fit);
    this.terminal.open(target);
    this.terminal.onData((data) => this.send(data));
    this.resizeObserver = new ResizeObserver(() => {
      if (target.clientWidth > 0 && target.clientHeight > 0) this.fit.fit();
    });
    this.resizeObserver.observe(target);
  }

  attach(channel: OpenConsoleChannel, opened: OpenedConsole, events: ViewEvents): void {
    this.channel = channel;
    let first = true;
    channel.socket.binaryType = 'arraybuffer';
    channel.socket.onmessage = (event: MessageEvent) => {
      const data = event.data as ArrayBuffer | string;
      this.terminal.write(typeof data === 'string' ? data : new Uint8Array(data));
      if (first) {
        first = false;
        events.firstFrame();
      }
    };
    this.terminal.writeln(`\x1b[2m— ${opened.instance.name}: ${opened.description}${opened.via === 'ssh' ? ', over SSH' : ''} —\x1b[0m`);
    // No handshake on a serial line: the stream is live as soon as main attached it.
    events.connected();
    // Nudge the guest to print its prompt again.
    this.send('\r');
  }

  detach(): void {
    if (this.channel !== null) this.channel.socket.onmessage = null;
    this.channel = null;
  }

  focus(): void {
    this.terminal.focus();
  }

  /** The text on screen (tests, copy). */
  text(): string {
    const buffer = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n');
  }

  dispose(): void {
    this.detach();
    this.resizeObserver.disconnect();
    this.terminal.dispose();
    this.unmirror();
  }

  private send(data: string): void {
    const socket = this.channel?.socket;
    if (socket === undefined || socket.readyState !== 1) return;
    socket.send(this.encoder.encode(data));
  }
}
