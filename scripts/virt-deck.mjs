#!/usr/bin/env node
// The `virt-deck` command. Runs the built CLI (dist/cli.mjs) when there is one; otherwise the TypeScript source
// through tsx, registered in this process (tsx is a devDependency, present in a development checkout).
// VIRT_DECK_CLI_FROM_SOURCE=1 forces the source even when a build exists (tests use it so they never run a stale build).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli.mjs');

if (existsSync(built) && process.env.VIRT_DECK_CLI_FROM_SOURCE !== '1') {
  await import(pathToFileURL(built).href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('error: no built CLI (dist/cli.mjs) and tsx is not installed: run `npm run build` or `npm install`\n');
    process.exit(1);
  }
  register();
  await import(pathToFileURL(join(root, 'main', 'cli', 'main.ts')).href);
}
