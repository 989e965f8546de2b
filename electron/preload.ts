// The sandboxed preload: exposes one named function per contract channel and one subscribe function per event as
// `window.virtDeck`. Never ipcRenderer itself, and never the IPC event object (it reaches into the sender).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { VirtDeckBridge } from '../common/contract/bridge';
import { CONSOLE_IPC, CONSOLE_PORT_MESSAGE, type ConsoleConnectRequest, type ConsolePortEnvelope } from '../common/contract/console-wire';
import { CHANNEL_NAMES, EVENT_NAMES } from '../common/contract/names';

const calls = Object.fromEntries(CHANNEL_NAMES.map((channel) => [channel, (args: unknown) => ipcRenderer.invoke(channel, args)]));

const events = Object.fromEntries(
  EVENT_NAMES.map((event: string) => [
    event,
    (listener: (payload: unknown) => void) => {
      const forward = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(event, forward);
      return () => {
        ipcRenderer.removeListener(event, forward);
      };
    },
  ]),
);

// Consoles: main answers a connect request with a MessagePort. A port cannot cross the context bridge, so it is
// posted to the page's own window (same origin only); the page matches it by request id.
ipcRenderer.on(CONSOLE_IPC.port, (event, envelope: Omit<ConsolePortEnvelope, 'type'>) => {
  const message: ConsolePortEnvelope = { type: CONSOLE_PORT_MESSAGE, requestId: envelope.requestId, error: envelope.error };
  window.postMessage(message, window.location.origin, [...event.ports]);
});
const connectConsole = (request: ConsoleConnectRequest): void => ipcRenderer.send(CONSOLE_IPC.connect, request);

// A picked file's path, so main imports the file itself (`images.import`): no bytes cross IPC. Only a File the page
// holds (the user chose it) has a path; anything else is refused by webUtils.
const pathForFile = (file: unknown): string => (file instanceof File ? webUtils.getPathForFile(file) : '');

const bridge = { mode: 'electron', calls, events, connectConsole, pathForFile } as unknown as VirtDeckBridge;

contextBridge.exposeInMainWorld('virtDeck', bridge);
