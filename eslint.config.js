// Lint is where the layering is enforced (VS Code style): a violation fails `npm test`.
// Four folders, each with its own tsconfig:
//   common/    what the others share; imports none of them and no Node built-ins (neither DOM nor Node types)
//   main/      the Node core; may import common/, never electron/ or renderer/
//   renderer/  the UI, DOM only; may import common/, never main/ or electron/ (not even their types)
//   electron/  the shell; may import main/ and common/, never renderer/
// ipcMain and ipcRenderer appear in electron/ipc.ts and electron/preload.ts only; everything else goes through the
// typed contract. tests/unit/eslint-config.test.ts proves each rule fails on a wrong import.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noDefaultExport = {
  selector: 'ExportDefaultDeclaration',
  message: 'Use named exports: default exports hide what a module provides.',
};

const IPC_MESSAGE = 'ipcMain and ipcRenderer belong in electron/ipc.ts and electron/preload.ts only: elsewhere, use the typed contract.';

/** `electron.ipcMain`, `require('electron').ipcRenderer`, `const { ipcMain } = …`: the ways around the import rule. */
const noIpcOutsideShell = [
  { selector: 'MemberExpression[property.name=/^ipc(Main|Renderer)$/]', message: IPC_MESSAGE },
  { selector: 'ObjectPattern > Property[key.name=/^ipc(Main|Renderer)$/]', message: IPC_MESSAGE },
];

/** `import { ipcMain } from 'electron'`. */
const ipcImport = { name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: IPC_MESSAGE };

/**
 * Every Node built-in: `node:*` as a pattern, the bare names (`fs`, `fs/promises`) as exact paths — a pattern `events`
 * would match any `./events` too (patterns are gitignore-style).
 */
function nodeBuiltins(message) {
  return { patterns: [{ group: ['node:*'], message }], paths: builtinModules.map((name) => ({ name, message })) };
}

/** A no-restricted-imports setting: what a folder may not import, plus the ipc import unless allowed. */
function restrictImports(patterns, { allowIpc = false, paths = [] } = {}) {
  return ['error', { paths: [...(allowIpc ? [] : [ipcImport]), ...paths], patterns }];
}

const commonBuiltins = nodeBuiltins('common/ may not import Node built-ins: the renderer runs it too.');
const rendererBuiltins = nodeBuiltins('renderer/ is DOM only.');

const notElectron = (who, why) => ({ group: ['electron', '**/electron/**'], message: `${who} may not import electron or electron/: ${why}` });
const notRenderer = (who) => ({ group: ['**/renderer/**'], message: `${who} may not import renderer/: the UI depends on the core, never the other way round.` });

const electronPatterns = [
  { group: ['**/renderer/**'], message: 'electron/ may not import renderer/: the window reaches the UI through the app scheme and the preload bridge only.' },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', '.lab/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-restricted-imports': restrictImports([]),
      'no-restricted-syntax': ['error', noDefaultExport, ...noIpcOutsideShell],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its error; an async function passed where a void callback is
    // expected (an event handler, a forEach) does too; a switch over a union must name every member.
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // What renderer, main and electron share: plain data, schemas, wire constants. It must run in all of them.
    files: ['common/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictImports(
        [
          { group: ['**/main/**', '**/renderer/**', '**/electron/**', 'electron'], message: 'common/ may not import main/, renderer/ or electron/: they import common/, not the other way round.' },
          ...commonBuiltins.patterns,
        ],
        { paths: commonBuiltins.paths },
      ),
    },
  },
  {
    // The renderer is DOM only: it reaches main through the typed contract (common/), never by import.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictImports(
        [
          { group: ['**/main/**'], message: 'renderer/ may not import main/ (not even types): what both sides need lives in common/.' },
          notElectron('renderer/', 'the UI reaches main through the contract.'),
          ...rendererBuiltins.patterns,
        ],
        { paths: [...rendererBuiltins.paths, ...['ssh2', 'better-sqlite3', 'ws'].map((name) => ({ name, message: 'renderer/ is DOM only.' }))] },
      ),
    },
  },
  {
    // main/ is the Node core: it must run without Electron (CLI, web mode, tests).
    files: ['main/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictImports([notElectron('main/', 'it runs in the CLI and web mode too.'), notRenderer('main/')]),
    },
  },
  {
    // The Electron shell: main/ and common/ are its libraries; the renderer is only what its window loads.
    files: ['electron/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictImports(electronPatterns),
    },
  },
  {
    // The two files that speak Electron IPC.
    files: ['electron/ipc.ts', 'electron/preload.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictImports(electronPatterns, { allowIpc: true }),
      'no-restricted-syntax': ['error', noDefaultExport],
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'scripts/**/*.{ts,mjs,js}', '*.config.{ts,js}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Tool configs must default-export by their tools' convention.
    files: ['*.config.{ts,js}', 'tests/**/*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
