#!/usr/bin/env node
// `npm start`: build when dist/ is missing or stale, then open the Electron window — or, when Electron cannot run
// here, serve the same UI in web mode on 127.0.0.1 and say why in one line.
//   npm start -- --web        force web mode (also VIRT_DECK_WEB=1)
//   VIRT_DECK_PORT=N          web mode port (default 5174 when free, else any free port)
// Other arguments are passed to Electron.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
/** How long the one attempt to download the Electron binary may take before web mode takes over. */
const DOWNLOAD_TIMEOUT_MS = 30_000;

const args = process.argv.slice(2);
const forceWeb = args.includes('--web') || process.env.VIRT_DECK_WEB === '1';
const electronArgs = args.filter((arg) => arg !== '--web');

try {
  await build({ ifStale: true });
} catch (error) {
  console.error(`virt-deck: build failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exit(1);
}

if (forceWeb) {
  await webMode(`web mode requested (${args.includes('--web') ? '--web' : 'VIRT_DECK_WEB=1'})`);
} else {
  const why = await whyNoElectron();
  if (why === null) launchElectron();
  else await webMode(`${why}; serving the UI in web mode instead`);
}

/** Null when Electron can be launched; else the reason it cannot (after one attempt to fetch the binary). */
async function whyNoElectron() {
  if (electronBinary() === null) {
    if (!existsSync(join(electronDir, 'install.js'))) return 'the electron package is not installed (run npm install)';
    const failure = await downloadElectron();
    if (failure !== null) return `Electron binary not installed (download failed: ${failure})`;
    if (electronBinary() === null) return 'Electron binary not installed (the download did not produce it)';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no graphical display ($DISPLAY and $WAYLAND_DISPLAY are unset)';
  }
  return null;
}

/** The Electron executable named by node_modules/electron/path.txt, if it exists. */
function electronBinary() {
  try {
    const relative = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
    const binary = join(electronDir, 'dist', relative);
    return relative !== '' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Run electron's own installer once; resolves to null on success, else a one-line reason. */
function downloadElectron() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-8192);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(`no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`);
    }, DOWNLOAD_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve(error.message);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(null);
      // The installer prints a stack; its first line is the error ("TypeError: fetch failed", "HTTPError: 404 …").
      const first = stderr.split('\n').map((line) => line.trim()).find((line) => line !== '' && !line.startsWith('at '));
      resolve(first ?? (signal ? `killed by ${signal}` : `exit code ${code}`));
    });
  });
}

function launchElectron() {
  const child = spawn(electronBinary(), [root, ...electronArgs], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function webMode(notice) {
  const { runWebMode, parseWebModeArgs } = await import(pathToFileURL(join(root, 'dist', 'web.mjs')).href);
  try {
    await runWebMode({ ...parseWebModeArgs([], process.env), notice });
  } catch (error) {
    console.error(`virt-deck: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
