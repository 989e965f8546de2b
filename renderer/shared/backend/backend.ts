import type { ArgsOf, Channel, ContractEvent, EventPayload, ResultOf } from '../../../common/contract/channels';
import type { ErrorCode } from '../../../common/contract/errors';
import type { OpenConsoleChannel } from './console/console-socket';
import type { ImageUploader } from './image-upload';

/** Whether the UI can reach main right now. */
export type ConnectionState =
  | { readonly status: 'connecting' }
  | { readonly status: 'connected' }
  /** Lost; trying again at `retryAt` (epoch ms). */
  | { readonly status: 'reconnecting'; readonly attempt: number; readonly retryAt: number; readonly error: string }
  /** Refused for good (bad secret, wrong origin, no secret): retrying would not help. */
  | { readonly status: 'failed'; readonly error: string };

/** A failed call, with the contract's error code. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** How the renderer reaches main: the Electron preload bridge or the web mode WebSocket. Only store actions use it. */
export interface Backend {
  readonly kind: 'electron' | 'web';
  /** Call a channel; rejects with a {@link BackendError}. */
  call<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>>;
  /** Listen to an event; returns the unsubscribe function. */
  subscribe<E extends ContractEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * Connect a console with a token from `console.open`: the web mode `/console` socket, or an Electron MessagePort.
   * Rejects with a ConsoleConnectError carrying main's close code and reason.
   */
  openConsole(request: { readonly token: string; readonly instance: string }): Promise<OpenConsoleChannel>;
  /** Import a local file as an image (web mode: an upload; Electron: its path); absent where neither is possible. */
  readonly uploadImage?: ImageUploader;
  /**
   * Whether `uploadImage` honours `request.signal` (web mode: the upload is aborted, main keeps nothing). Electron
   * imports by path through `images.import`, which main cannot abort: there Cancel is not offered.
   */
  readonly uploadCancellable?: boolean;
  /** Listen to connection changes; the listener is called at once with the current state. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}
