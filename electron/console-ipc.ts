// Consoles in Electron: no listening port at all. The page asks for a console with `console.open` (the contract),
// then hands the token to the preload's `connectConsole`; main takes the token back (bound to the asking web
// contents), opens the tunnel, and gives the page one end of a fresh MessageChannelMain. Written against small
// interfaces so it is testable without the Electron binary; ipc.ts hands it ipcMain and MessageChannelMain.
import { CONSOLE_CLOSE, CONSOLE_IPC, type ConsolePortEnvelope } from '../common/contract/console-wire';
import { ConsoleConnectRequestSchema } from '../common/contract/console-wire-messages';
import { PortViewer, refusalOf, type ConsolePort, type ConsoleService } from '../main/console';
import { isAppUrl } from './app-url';
import { senderRefusal, viewerSessionOf, type InvokeEventLike } from './contract-ipc';

/** The sender as console IPC needs it: its frame for the checks, its id, and where the port goes. */
export interface ConsoleSenderLike<Port> {
  readonly id: number;
  postMessage(channel: string, message: unknown, transfer?: Port[]): void;
}

/** An `ipcMain.on` event, reduced to what the console needs. */
export interface ConsoleIpcEvent<Port> {
  readonly senderFrame: InvokeEventLike['senderFrame'];
  readonly sender: ConsoleSenderLike<Port>;
}

/** The part of `ipcMain` this module uses. */
export interface IpcOnRegistry<Port> {
  on(channel: string, listener: (event: ConsoleIpcEvent<Port>, ...args: unknown[]) => void): void;
  removeAllListeners(channel: string): void;
}

/** A fresh channel: main keeps `port1` (adapted to ConsolePort), `port2` goes to the page. */
export interface PortPair<Port> {
  readonly main: ConsolePort;
  readonly page: Port;
}

/** Options of {@link registerConsoleIpc}. */
export interface ConsoleIpcOptions {
  readonly isTrustedUrl?: (url: string) => boolean;
  readonly log?: (message: string) => void;
}

/** Serve console connects on `ipc`; returns the function that stops. */
export function registerConsoleIpc<Port>(ipc: IpcOnRegistry<Port>, consoles: () => ConsoleService, newChannel: () => PortPair<Port>, options: ConsoleIpcOptions = {}): () => void {
  const isTrustedUrl = options.isTrustedUrl ?? isAppUrl;
  const log = options.log ?? ((message: string) => console.warn(message));
  ipc.on(CONSOLE_IPC.connect, (event, ...args) => {
    const refused = senderRefusal(event.senderFrame, isTrustedUrl);
    if (refused !== null) {
      log(`virt-deck: refused console connect from ${refused}`);
      return;
    }
    const parsed = args.length === 1 ? ConsoleConnectRequestSchema.safeParse(args[0]) : null;
    if (parsed === null || !parsed.success) {
      log('virt-deck: refused a malformed console connect request');
      return;
    }
    const request = parsed.data;
    const reply = (error: ConsolePortEnvelope['error'], port?: Port): void => {
      const envelope: Omit<ConsolePortEnvelope, 'type'> = { requestId: request.requestId, error };
      event.sender.postMessage(CONSOLE_IPC.port, envelope, port === undefined ? [] : [port]);
    };
    const pair = newChannel();
    const viewer = new PortViewer(pair.main);
    consoles()
      .connect({ token: request.token, instance: request.instance, viewerSession: viewerSessionOf(event.sender), transport: 'Electron' }, viewer)
      .then(
        () => reply(null, pair.page),
        (error: unknown) => {
          pair.main.close();
          const refusal = refusalOf(error);
          if (refusal.code !== CONSOLE_CLOSE.TOKEN_REFUSED) log(`virt-deck: console of instance ${request.instance} failed: ${refusal.reason}`);
          reply(refusal);
        },
      );
  });
  return () => ipc.removeAllListeners(CONSOLE_IPC.connect);
}

/** The Electron MessagePortMain as a ConsolePort (its messages arrive as `{data}` events). */
export function electronConsolePort(port: {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}): ConsolePort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => void port.on('message', (event) => listener(event.data)),
    onClose: (listener) => void port.on('close', listener),
    start: () => port.start(),
    close: () => port.close(),
  };
}
