import type { VirtDeckBridge } from '../../../common/contract/bridge';
import type { ArgsOf, Channel, ContractEvent, EventPayload, ResultOf } from '../../../common/contract/channels';
import type { CallResult } from '../../../common/contract/errors';
import { openElectronConsole } from './console/electron-console';
import { BackendError, type Backend, type ConnectionState } from './backend';
import type { ImageUploader } from './image-upload';

/** The backend over the Electron preload bridge (`window.virtDeck`): always connected, IPC does not drop. */
export function electronBackend(bridge: VirtDeckBridge): Backend {
  const connected: ConnectionState = { status: 'connected' };
  async function call<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
    // The bridge is typed per channel; indexing it with a generic channel loses that, the signature above keeps it.
    const invoke = bridge.calls[channel] as unknown as (args: ArgsOf<C>) => Promise<CallResult<unknown>>;
    const result = await invoke(args);
    if (!result.ok) throw new BackendError(result.error.code, result.error.message);
    return result.value as ResultOf<C>;
  }
  // The file stays where it is: main imports it from its path (its progress shows in the activity panel).
  const uploadImage: ImageUploader = async (request) => {
    const path = bridge.pathForFile(request.file);
    if (path === '') throw new BackendError('invalid_input', `${request.file.name} has no path on this machine (a file from another application?): save it to disk first`);
    return call('images.import', { path, name: request.name });
  };
  return {
    kind: 'electron',
    call,
    uploadImage,
    // images.import has no cancel in main: once asked, the copy finishes (or fails) there.
    uploadCancellable: false,
    subscribe<E extends ContractEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return bridge.events[event](listener);
    },
    openConsole: (request) => openElectronConsole(bridge, request.token, request.instance),
    onConnectionChange(listener) {
      listener(connected);
      return () => undefined;
    },
    close: () => undefined,
  };
}
