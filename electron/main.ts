// The Electron shell: one window on app://virt-deck/, the contract on IPC, nothing else. Bundled to
// dist/electron/main.cjs (package.json "main"). Security baseline: the Electron security checklist.
import { BrowserWindow, Menu, app, dialog, protocol, session } from 'electron';
import { join } from 'node:path';
import { createApp, type VirtDeckApp } from '../main/app';
import { UsageError } from '../main/config/args';
import { resolveDataDir } from '../main/config/paths';
import { parseElectronArgs } from '../main/config/shell-args';
import { appSchemeHandler } from './app-protocol';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl, isConsoleWindowUrl } from './app-url';
import { serveConsolesOnIpc, serveContractOnIpc } from './ipc';
import { menuTemplate } from './menu';

// Must happen before `ready`: a standard + secure scheme gives the page a real origin and a secure context
// (noVNC and WebCrypto need one) without loading anything from file:// or the network.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);

/** The permissions our page may use (for consoles); every other request is denied. */
const CONSOLE_PERMISSIONS: ReadonlySet<string> = new Set(['fullscreen', 'clipboard-sanitized-write']);

// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();

function start(): void {
  let dataDir: string;
  try {
    // Our own arguments follow the executable (packaged) or the app path (`electron <app>`, process.defaultApp).
    const args = parseElectronArgs(process.argv.slice(process.defaultApp ? 2 : 1));
    dataDir = resolveDataDir({ dataDir: args.dataDir });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`virt-deck: ${message}\n`);
    dialog.showErrorBox('Virt Deck cannot start', message);
    app.exit(error instanceof UsageError ? 2 : 1);
    return;
  }
  // Electron's default userData on Linux is ~/.config/<name>; the CLI and web mode use the data directory, so the
  // window must too (see main/config/paths.ts). Before `ready` and before the single-instance lock, which lives there.
  app.setPath('userData', dataDir);

  // One instance per data directory: a second window would be a second writer on the same inventory.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let virtDeck: VirtDeckApp | undefined;
  let mainWindow: BrowserWindow | undefined;

  app.on('web-contents-created', (_event, contents) => {
    // No popups, no navigation away from the app, no <webview>: the page is a single-page app. The one exception is a
    // console popped out of the main window: opened here as a window of our own, with the same baseline.
    contents.setWindowOpenHandler(({ url }) => {
      if (isConsoleWindowUrl(url)) createAppWindow(url, { width: 1024, height: 800, title: 'Virt Deck console' });
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Closing host connections is async: hold the quit until they are closed (CONNECT_CLOSE sent), then quit for real.
  let quitting = false;
  app.on('will-quit', (event) => {
    if (quitting || virtDeck === undefined) return;
    quitting = true;
    event.preventDefault();
    void virtDeck.close().finally(() => app.quit());
  });

  void app.whenReady().then(() => {
    const started = createApp({ mode: 'electron', dataDir, electronVersion: process.versions.electron ?? null, connectHosts: true });
    virtDeck = started;

    // Deny every permission (camera, notifications, …) but the two a console uses, and only for our own page:
    // fullscreen (the console's Fullscreen button) and writing the clipboard ("Copy guest clipboard").
    const allowed = (permission: string, url: string): boolean => CONSOLE_PERMISSIONS.has(permission) && isAppUrl(url);
    session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => callback(allowed(permission, contents.getURL())));
    session.defaultSession.setPermissionCheckHandler((_contents, permission, origin) => allowed(permission, origin));

    protocol.handle(APP_SCHEME, appSchemeHandler(join(__dirname, '..', 'renderer')));
    serveContractOnIpc(started.service);
    serveConsolesOnIpc(() => started.consoles());
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, !app.isPackaged)));

    const open = (): void => {
      mainWindow = createAppWindow(APP_ENTRY_URL, { width: 1280, height: 800, title: 'Virt Deck' });
      mainWindow.on('closed', () => {
        mainWindow = undefined;
      });
    };
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
  });
}

/** A window on our app (the main window, or a console popped out of it), with the security baseline. */
function createAppWindow(url: string, size: { width: number; height: number; title: string }): BrowserWindow {
  const window = new BrowserWindow({
    width: size.width,
    height: size.height,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: size.title,
    backgroundColor: '#f5f6f8',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(url).catch((error: unknown) => {
    dialog.showErrorBox('Virt Deck cannot load its window', error instanceof Error ? error.message : String(error));
  });
  // Belt and braces: if anything ever navigated the window off our origin, stop talking to it.
  window.webContents.on('did-navigate', (_event, url) => {
    if (!isAppUrl(url)) window.destroy();
  });
  return window;
}

start();
