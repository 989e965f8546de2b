#!/usr/bin/env node
// `npm start`: build when dist/ is missing or stale, then open the Electron window — or, when Electron cannot run
// here, serve the same UI in web mode on 127.0.0.1 and say why in one line.
//   npm start -- --data-dir DIR   the inventory's data directory (also VIRT_DECK_DATA_DIR), in either shell
//   npm start -- --web            force web mode (also VIRT_DECK_WEB=1)
//   npm start -- --port N         serve web mode on port N (implies --web: the window listens on no port);
//                                 VIRT_DECK_PORT=N picks web mode's port without forcing it (default 5174 when free)
//   npm start -- --demo           the test lab up, the app on a demo inventory with its hosts, the lab down at exit
//                                 (scripts/demo.mjs)
// Anything else is an error naming it (exit 2). The flags are parsed by the one parser of main/config/args.ts,
// through the built bundle (dist/web.mjs exports parseStartArgs), so this script and the app cannot disagree.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from './build.mjs';
import { spawnElectron, whyNoElectron } from './electron.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

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

if (options.demo) {
  const { runDemo } = await import('./demo.mjs');
  await runDemo({ root, web, options });
} else if (options.web) {
  await webMode(`web mode requested (${options.webRequestedBy})`);
} else {
  const why = await whyNoElectron();
  if (why === null) launchElectron();
  else await webMode(`${why}; serving the UI in web mode instead`);
}

function launchElectron() {
  const child = spawnElectron(options.dataDir);
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
