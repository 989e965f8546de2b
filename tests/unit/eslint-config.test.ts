// The lint config is the layering's enforcement (eslint.config.js), so it is tested like code: deliberately wrong
// snippets must fail with the rule that guards them, and the allowed imports must pass. The snippets are linted as if
// they were real files of the tree (ESLint picks the rules by path; the file's contents on disk are not read).
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The rule ids and messages ESLint reports for `code` as the file at `path`. */
async function lint(path: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${path}` });
  return (result?.messages ?? []).map(({ ruleId, message }) => ({ ruleId, message }));
}

const IMPORTS = '@typescript-eslint/no-restricted-imports';
const SYNTAX = 'no-restricted-syntax';

/** Wrong: [what, file, code, rule, a piece of the message]. */
const WRONG: readonly (readonly [string, string, string, string, string])[] = [
  ['renderer imports electron/', 'renderer/app/session.ts', "import { APP_ORIGIN } from '../../electron/app-url';\nexport const origin = APP_ORIGIN;\n", IMPORTS, 'renderer/ may not import electron'],
  ['renderer imports the electron package', 'renderer/app/App.tsx', "import { shell } from 'electron';\nexport const s = shell;\n", IMPORTS, 'renderer/ may not import electron'],
  ['renderer imports main/ at run time', 'renderer/app/session.ts', "import { createApp } from '../../main/app';\nexport const create = createApp;\n", IMPORTS, 'renderer/ may not import main/'],
  ['renderer imports a type from main/', 'renderer/app/session.ts', "import type { VirtDeckApp } from '../../main/app';\nexport type App = VirtDeckApp;\n", IMPORTS, 'renderer/ may not import main/'],
  ['renderer imports a Node built-in', 'renderer/shared/format/format.ts', "import { readFileSync } from 'fs';\nexport const read = readFileSync;\n", IMPORTS, 'DOM only'],
  ['renderer imports a node: built-in', 'renderer/shared/format/format.ts', "import { join } from 'node:path';\nexport const j = join;\n", IMPORTS, 'DOM only'],
  ['main imports the electron package', 'main/app/create-app.ts', "import { app } from 'electron';\nexport const a = app;\n", IMPORTS, 'main/ may not import electron'],
  ['main imports electron/', 'main/app/create-app.ts', "import { APP_ORIGIN } from '../../electron/app-url';\nexport const origin = APP_ORIGIN;\n", IMPORTS, 'main/ may not import electron'],
  ['main imports renderer/', 'main/app/create-app.ts', "import { testIds } from '../../renderer/testIds';\nexport const ids = testIds;\n", IMPORTS, 'main/ may not import renderer/'],
  ['electron imports renderer/', 'electron/menu.ts', "import { testIds } from '../renderer/testIds';\nexport const ids = testIds;\n", IMPORTS, 'electron/ may not import renderer/'],
  ['common imports node:fs', 'common/backoff.ts', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n", IMPORTS, 'common/ may not import Node built-ins'],
  ['common imports fs/promises', 'common/backoff.ts', "import { readFile } from 'fs/promises';\nexport const read = readFile;\n", IMPORTS, 'common/ may not import Node built-ins'],
  ['common imports main/', 'common/contract/channels.ts', "import { createApp } from '../../main/app';\nexport const create = createApp;\n", IMPORTS, 'common/ may not import main/'],
  ['common imports renderer/', 'common/backoff.ts', "import { testIds } from '../renderer/testIds';\nexport const ids = testIds;\n", IMPORTS, 'common/ may not import main/, renderer/'],
  ['common imports electron/', 'common/backoff.ts', "import { APP_ORIGIN } from '../electron/app-url';\nexport const origin = APP_ORIGIN;\n", IMPORTS, 'common/ may not import main/, renderer/ or electron/'],
  ['ipcMain imported outside ipc.ts', 'electron/main.ts', "import { ipcMain } from 'electron';\nexport const ipc = ipcMain;\n", IMPORTS, 'electron/ipc.ts and electron/preload.ts only'],
  ['ipcRenderer imported outside preload.ts', 'electron/menu.ts', "import { ipcRenderer } from 'electron';\nexport const ipc = ipcRenderer;\n", IMPORTS, 'electron/ipc.ts and electron/preload.ts only'],
  ['ipcMain reached through a namespace', 'electron/main.ts', "import * as electron from 'electron';\nexport const ipc = electron.ipcMain;\n", SYNTAX, 'electron/ipc.ts and electron/preload.ts only'],
  ['ipcRenderer destructured from require', 'electron/app-url.ts', "const { ipcRenderer } = require('electron') as typeof import('electron');\nexport const ipc = ipcRenderer;\n", SYNTAX, 'electron/ipc.ts and electron/preload.ts only'],
  ['ipcMain in a test', 'tests/unit/electron/contract-ipc.test.ts', "import { ipcMain } from 'electron';\nexport const ipc = ipcMain;\n", IMPORTS, 'electron/ipc.ts and electron/preload.ts only'],
  // The type-aware rules: the snippets are typed against the tsconfig of the folder they pretend to be in.
  ['a floating promise', 'main/app/local-libvirt.ts', "async function work(): Promise<void> {}\nexport function go(): void {\n  work();\n}\n", '@typescript-eslint/no-floating-promises', 'Promises must be awaited'],
  ['an async callback where void is expected', 'main/app/local-libvirt.ts', "export function go(items: string[]): void {\n  items.forEach(async (item) => {\n    await Promise.resolve(item);\n  });\n}\n", '@typescript-eslint/no-misused-promises', 'Promise returned in function argument where a void return was expected'],
  ['a switch that misses a member of its union', 'main/app/local-libvirt.ts', "export function name(state: 'up' | 'down' | 'unknown'): string {\n  switch (state) {\n    case 'up':\n      return 'Up';\n    case 'down':\n      return 'Down';\n  }\n  return '?';\n}\n", '@typescript-eslint/switch-exhaustiveness-check', 'Switch is not exhaustive'],
];

/** Right: [what, file, code]. */
const RIGHT: readonly (readonly [string, string, string])[] = [
  ['renderer imports common/ at run time', 'renderer/shared/backend/ws-backend.ts', "import { WS_CLOSE } from '../../../common/contract/wire';\nimport type { Host } from '../../../common/contract/schemas';\nexport const codes = WS_CLOSE;\nexport type H = Host;\n"],
  ['main imports common/', 'main/hosts/host-session.ts', "import { backoffDelay } from '../../common/backoff';\nexport const delay = backoffDelay;\n"],
  ['electron imports main/ and common/', 'electron/menu.ts', "import { createApp } from '../main/app';\nimport { CHANNEL_NAMES } from '../common/contract/names';\nexport const parts = [createApp, CHANNEL_NAMES];\n"],
  ['electron/main.ts imports the rest of electron', 'electron/main.ts', "import { BrowserWindow, app } from 'electron';\nexport const parts = [BrowserWindow, app];\n"],
  ['electron/ipc.ts uses ipcMain', 'electron/ipc.ts', "import { ipcMain } from 'electron';\nexport const ipc = ipcMain;\n"],
  ['electron/preload.ts uses ipcRenderer', 'electron/preload.ts', "import { contextBridge, ipcRenderer } from 'electron';\nexport const parts = [contextBridge, ipcRenderer.invoke];\n"],
  ['common imports zod and itself', 'common/contract/schemas.ts', "import { z } from 'zod';\nimport { WS_CLOSE } from './wire';\nexport const parts = [z, WS_CLOSE];\n"],
  ['main imports Node built-ins', 'main/app/local-libvirt.ts', "import { stat } from 'node:fs/promises';\nimport { join } from 'path';\nexport const parts = [stat, join];\n"],
  ['renderer imports a module named like a built-in', 'renderer/app/session.ts', "import { merge } from './events';\nexport const m = merge;\n"],
];

describe('eslint.config.js', () => {
  it.each(WRONG)('refuses: %s', async (_what, path, code, rule, message) => {
    const messages = await lint(path, code);
    expect(messages, JSON.stringify(messages)).toContainEqual({ ruleId: rule, message: expect.stringContaining(message) });
  });

  it.each(RIGHT)('allows: %s', async (_what, path, code) => {
    expect(await lint(path, code)).toEqual([]);
  });
});
