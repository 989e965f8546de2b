// The one place the Electron main process touches ipcMain (lint enforces it): the contract's channels on
// ipcMain.handle and its events to our windows, through the checked helpers of contract-ipc.ts.
import { BrowserWindow, MessageChannelMain, ipcMain, type MessagePortMain } from 'electron';
import type { ServiceEndpoint } from '../main/api/service';
import type { ConsoleService } from '../main/console';
import { electronConsolePort, registerConsoleIpc, type IpcOnRegistry } from './console-ipc';
import { forwardEvents, registerContractIpc } from './contract-ipc';

/** Serve the contract on Electron IPC and forward its events to every live window; returns the function that stops both. */
export function serveContractOnIpc(service: ServiceEndpoint): () => void {
  const unregister = registerContractIpc(ipcMain, service);
  const unsubscribe = forwardEvents(service, () =>
    BrowserWindow.getAllWindows()
      .filter((window) => !window.isDestroyed())
      .map((window) => ({ url: () => window.webContents.getURL(), send: (event: string, payload: unknown) => window.webContents.send(event, payload) })),
  );
  return () => {
    unsubscribe();
    unregister();
  };
}

/** Serve console connects on IPC: each gets a MessageChannelMain, one end piped to the console, the other to the page. */
export function serveConsolesOnIpc(consoles: () => ConsoleService): () => void {
  const registry: IpcOnRegistry<MessagePortMain> = {
    on: (channel, listener) => void ipcMain.on(channel, (event, ...args) => listener({ senderFrame: event.senderFrame, sender: event.sender }, ...args)),
    removeAllListeners: (channel) => void ipcMain.removeAllListeners(channel),
  };
  return registerConsoleIpc(registry, consoles, () => {
    const { port1, port2 } = new MessageChannelMain();
    return { main: electronConsolePort(port1), page: port2 };
  });
}
