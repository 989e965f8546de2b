// The Electron binary for `npm start` (scripts/start.mjs) and `npm start -- --demo` (scripts/demo.mjs): whether it can
// run here (after one attempt to download it), and starting it on a data directory.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
/** How long the one attempt to download the Electron binary may take before web mode takes over. */
const DOWNLOAD_TIMEOUT_MS = 30_000;

/** Null when Electron can be launched; else the reason it cannot (after one attempt to fetch the binary). */
export async function whyNoElectron() {
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
export function electronBinary() {
  try {
    const relative = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
    const binary = join(electronDir, 'dist', relative);
    return relative !== '' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/**
 * Start the Electron app (the checkout) with the terminal attached. The Electron main parses its own argv with the
 * same parser (parseElectronArgs): only --data-dir reaches it, absolute, since a relative one would be resolved
 * against Electron's working directory.
 */
export function spawnElectron(dataDir) {
  const electronArgs = dataDir === undefined ? [] : ['--data-dir', resolve(dataDir)];
  return spawn(electronBinary(), [root, ...electronArgs], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
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
