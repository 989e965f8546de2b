#!/usr/bin/env node
// `npm start`: build when dist/ is missing or stale, then open the Electron window — or, when Electron cannot run
// here, serve the same UI in web mode on 127.0.0.1 and say why in one line.
//   npm start -- --data-dir DIR   the inventory's data directory (also VIRT_DECK_DATA_DIR), in either shell
//   npm start -- --web            force web mode (also VIRT_DECK_WEB=1)
//   npm start -- --port N         serve web mode on port N (implies --web: the window listens on no port);
//                                 VIRT_DECK_PORT=N picks web mode's port without forcing it (default 5174 when free)
// Anything else is an error naming it (exit 2). The flags are parsed by the one parser of main/config/args.ts,
// through the built bundle (dist/web.mjs exports parseStartArgs), so this script and the app cannot disagree.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
/** How long the one attempt to download the Electron binary may take before web mode takes over. */
const DOWNLOAD_TIMEOUT_MS = 30_000;

try {
  await build({ ifStale: true });
} catch (error) {
  console.error(`virt-deck: build failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exit(1);
}

const web = await import(pathToFileURL(join(root, 'dist', 'web.mjs')).href);
let options;
try {
  options = web.parseStartArgs(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof web.UsageError)) throw error;
  console.error(`virt-deck: ${error.message}`);
  process.exit(2);
}

if (options.web) {
  await webMode(`web mode requested (${options.webRequestedBy})`);
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
  // The Electron main parses its own argv with the same parser (parseElectronArgs): only --data-dir reaches it,
  // absolute, since a relative one would be resolved against Electron's working directory.
  const electronArgs = options.dataDir === undefined ? [] : ['--data-dir', resolve(options.dataDir)];
  const child = spawn(electronBinary(), [root, ...electronArgs], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function webMode(notice) {
  try {
    await web.runWebMode({ port: options.port, dataDir: options.dataDir, notice });
  } catch (error) {
    console.error(`virt-deck: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
