// The sandboxed preload: exposes one named function per contract channel and one subscribe function per event as
// `window.virtDeck`. Never ipcRenderer itself, and never the IPC event object (it reaches into the sender).
import { contextBridge, ipcRenderer } from 'electron';
import type { VirtDeckBridge } from '../common/contract/bridge';
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

const bridge = { mode: 'electron', calls, events } as unknown as VirtDeckBridge;

contextBridge.exposeInMainWorld('virtDeck', bridge);
