// The contract on Electron IPC: every channel registered on ipcMain.handle through one helper that checks the
// sender frame is our app's main frame, then hands the untouched arguments to the service facade, whose first step is
// validating them against the channel's schema. Written against a minimal `ipcMain`-like interface so it is
// testable without the Electron binary; ipc.ts hands it the real ipcMain.
import type { CallResult } from '../common/contract/errors';
import type { ServiceEndpoint, ViewerHandle } from '../main/api/service';
import { isAppUrl } from './app-url';

/** The part of the sending WebContents a viewer needs: who it is, sending to it, and when its page goes away. */
export interface SenderLike {
  readonly id: number;
  getURL(): string;
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
  once(event: 'destroyed', listener: () => void): unknown;
  /** The main frame navigated (a reload included): the page that watched is gone. */
  on(event: 'did-navigate', listener: () => void): unknown;
}

/** The part of an IpcMainInvokeEvent the checks read (Electron's `senderFrame` is null once the frame is gone). */
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
  readonly sender: SenderLike;
}

/** The viewer session of a web contents: console tokens issued to it work only for it. */
export function viewerSessionOf(sender: { readonly id: number }): string {
  return `webcontents:${sender.id}`;
}

/** Why a sender frame may not use IPC (null: it may): only our app's top frame. */
export function senderRefusal(frame: InvokeEventLike['senderFrame'], isTrustedUrl: (url: string) => boolean): string | null {
  if (frame !== null && frame.parent === null && isTrustedUrl(frame.url)) return null;
  return frame === null ? 'a frame that is gone' : frame.parent !== null ? `a subframe (${frame.url})` : frame.url;
}

/** The part of `ipcMain` this module uses. */
export interface IpcHandleRegistry {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Options of {@link registerContractIpc}. */
export interface ContractIpcOptions {
  /** Whether a frame URL is our app (default: the `app://virt-deck/` origin). */
  readonly isTrustedUrl?: (url: string) => boolean;
  /** Where refused calls are reported (a refusal means something other than our page tried to call main). */
  readonly log?: (message: string) => void;
}

/** Register every contract channel on `ipc`; returns a function that removes them again. */
export function registerContractIpc(ipc: IpcHandleRegistry, service: ServiceEndpoint, options: ContractIpcOptions = {}): () => void {
  const isTrustedUrl = options.isTrustedUrl ?? isAppUrl;
  const log = options.log ?? ((message: string) => console.warn(message));
  const viewers = new SenderViewers(service, isTrustedUrl);

  for (const channel of service.channels) {
    ipc.handle(channel, async (event, ...args): Promise<CallResult<unknown>> => {
      // Only our own page, and only its top frame: an iframe or a navigated-away frame gets nothing.
      const from = senderRefusal(event.senderFrame, isTrustedUrl);
      if (from !== null) {
        log(`virt-deck: refused IPC ${channel} from ${from}`);
        return { ok: false, error: { code: 'forbidden', message: `${channel} may only be called by the Virt Deck window` } };
      }
      if (args.length !== 1) {
        return { ok: false, error: { code: 'invalid_args', message: `Invalid arguments for ${channel}: expected one argument object, got ${args.length}` } };
      }
      return service.call(channel, args[0], { transport: 'electron-ipc', viewer: viewers.viewerOf(event.sender), viewerSession: viewerSessionOf(event.sender) });
    });
  }
  return () => {
    for (const channel of service.channels) ipc.removeHandler(channel);
    viewers.closeAll();
  };
}

/**
 * One viewer per page shown in a WebContents, opened on its first call: events for it alone (`stats.samples`) go to
 * that WebContents only, and what it watched ends when it is destroyed or navigates (a reload is a new page that
 * watches afresh).
 */
class SenderViewers {
  private readonly bySender = new Map<number, { viewer: ViewerHandle | null }>();

  constructor(
    private readonly service: ServiceEndpoint,
    private readonly isTrustedUrl: (url: string) => boolean,
  ) {}

  viewerOf(sender: SenderLike): string {
    let entry = this.bySender.get(sender.id);
    if (entry === undefined) {
      const created: { viewer: ViewerHandle | null } = { viewer: null };
      entry = created;
      this.bySender.set(sender.id, created);
      sender.once('destroyed', () => {
        created.viewer?.close();
        this.bySender.delete(sender.id);
      });
      sender.on('did-navigate', () => {
        created.viewer?.close();
        created.viewer = null;
      });
    }
    entry.viewer ??= this.service.openViewer((event, payload) => {
      if (!sender.isDestroyed() && this.isTrustedUrl(sender.getURL())) sender.send(event, payload);
    });
    return entry.viewer.id;
  }

  closeAll(): void {
    for (const entry of this.bySender.values()) entry.viewer?.close();
    this.bySender.clear();
  }
}

/** A window events may be sent to. */
export interface EventTarget {
  /** The URL its page shows now. */
  url(): string;
  send(event: string, payload: unknown): void;
}

/** Forward every broadcast event to the windows showing our app; returns the unsubscribe function. */
export function forwardEvents(service: ServiceEndpoint, targets: () => readonly EventTarget[], isTrustedUrl: (url: string) => boolean = isAppUrl): () => void {
  return service.subscribe((event, payload) => {
    for (const target of targets()) if (isTrustedUrl(target.url())) target.send(event, payload);
  });
}
