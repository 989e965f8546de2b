// Test ids of the console feature (same convention as renderer/testIds.ts).
import { testIds } from '../../testIds';

/** Test ids of consoles; tab-specific ones take the tab id (`<uuid>:<kind>`). */
export const consoleTestIds = {
  workspace: 'console-workspace',
  tabs: 'console-tabs',
  listTab: 'console-tab-list',
  tab: (id: string) => `console-tab-${id}`,
  tabClose: (id: string) => `console-tab-close-${id}`,
  view: (id: string) => `console-view-${id}`,
  /** Inside a view. */
  state: 'console-state',
  screen: 'console-screen',
  terminal: 'console-terminal',
  reconnect: 'console-reconnect',
  popOut: 'console-pop-out',
  scale: 'console-scale',
  fullscreen: 'console-fullscreen',
  sendKeys: 'console-send-keys',
  sendKey: (id: string) => `console-send-key-${id}`,
  paste: 'console-paste',
  pasteText: 'console-paste-text',
  pasteSend: 'console-paste-send',
  copyClipboard: 'console-copy-clipboard',
  screenshot: 'console-screenshot',
  viewOnly: 'console-view-only',
  keyboardGrab: 'console-keyboard-grab',
  /** The consoles are items of the Instances list's row menu: `console`, `serial`, `console-window`, `serial-window`. */
  menu: testIds.instanceMenu,
  menuItem: testIds.instanceMenuItem,
  detailConsole: 'instance-detail-console',
  detailSerial: 'instance-detail-serial',
} as const;
