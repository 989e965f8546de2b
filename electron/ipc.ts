// The one place the Electron main process touches ipcMain (lint enforces it): the contract's channels on
// ipcMain.handle and its events to our windows, through the checked helpers of contract-ipc.ts.
import { BrowserWindow, ipcMain } from 'electron';
import type { ServiceEndpoint } from '../main/api/service';
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
