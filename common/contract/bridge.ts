// Electron: what the preload exposes as `window.virtDeck` (named functions, never ipcRenderer itself).
import type { ArgsOf, Channel, ContractEvent, EventPayload, ResultOf } from './channels';
import type { ConsoleConnectRequest } from './console-wire';
import type { CallResult } from './errors';

/** The preload bridge: one function per channel and one subscribe function per event. */
export interface VirtDeckBridge {
  readonly mode: 'electron';
  readonly calls: { readonly [C in Channel]: (args: ArgsOf<C>) => Promise<CallResult<ResultOf<C>>> };
  /** Each returns a function that unsubscribes. */
  readonly events: { readonly [E in ContractEvent]: (listener: (payload: EventPayload<E>) => void) => () => void };
  /**
   * Connect a console with a token from `console.open`: main answers with a MessagePort, posted to this window as a
   * `ConsolePortEnvelope` message (a port cannot cross the context bridge).
   */
  readonly connectConsole: (request: ConsoleConnectRequest) => void;
  /**
   * The local path of a `File` the user picked (Electron's `webUtils.getPathForFile`); '' when it has none. Typed
   * `unknown` because `common/` has no DOM types; the renderer passes a File.
   */
  readonly pathForFile: (file: unknown) => string;
}
