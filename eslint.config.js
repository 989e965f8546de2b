// Lint is where the layering is enforced (VS Code style): a violation fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noDefaultExport = {
  selector: 'ExportDefaultDeclaration',
  message: 'Use named exports: default exports hide what a module provides.',
};

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
      'no-restricted-syntax': ['error', noDefaultExport],
    },
  },
  {
    // The renderer is DOM only: it reaches main through the typed contract, never by import.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/main/**', '!**/main/api/contract'], message: 'renderer/ may not import main/ (only type imports of main/api/contract).' },
          { group: ['**/main/api/contract'], allowTypeImports: true, message: 'renderer/ may import the contract for its types only.' },
          { group: ['electron', '**/electron/**'], message: 'renderer/ may not import electron/.' },
          { group: ['node:*', 'fs', 'path', 'child_process', 'net', 'os', 'ssh2', 'better-sqlite3'], message: 'renderer/ is DOM only.' },
        ],
      }],
    },
  },
  {
    // main/ is the Node core: it must run without Electron (CLI, web mode, tests).
    files: ['main/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', '**/electron/**'], message: 'main/ may not import electron: it runs in the CLI and web mode too.' },
          { group: ['**/renderer/**'], message: 'main/ may not import renderer/.' },
        ],
      }],
    },
  },
  {
    files: ['electron/**/*.ts', 'tests/**/*.{ts,tsx}', 'scripts/**/*.{ts,mjs,js}', '*.config.{ts,js}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Tool configs must default-export by their tools' convention.
    files: ['*.config.{ts,js}', 'tests/**/*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
