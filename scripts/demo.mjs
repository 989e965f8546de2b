// `npm start -- --demo`: a newcomer's first run. Brings the test lab up (its Debian packages installed first when
// root, else the exact apt line and exit 1), opens the app — Electron when it can run, else web mode — on a demo data
// directory holding the lab's hosts, and takes the lab down when the app exits (Ctrl-C, window closed), unless the lab
// was running before the demo (or another run uses it). The lab is TypeScript in tests/lab, run with tsx; main/
// starts no processes, so everything that does lives here.
//
// Data directory: `--data-dir DIR`, else `<lab state dir>/demo` (`.lab/demo`, or `$VIRT_DECK_LAB_DIR/demo`): the demo
// inventory names the lab's sockets, keys and sshd port, so it lives and goes (`npm run lab -- down --purge`) with it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { whyNoElectron, spawnElectron } from './electron.mjs';
import { ensureSystemPackages } from './system-packages.mjs';

/** Lab hosts and how the demo reaches each: the QEMU host over SSH (as a real hypervisor), the test-driver hosts on the lab's socket. */
const TRANSPORT = { qemu: 'sshUri' };

/** Run the demo; resolves never (it exits the process when the app is gone). */
export async function runDemo({ root, web, options }) {
  const say = (line) => console.log(`virt-deck: demo: ${line}`);
  if (!ensureSystemPackages({ log: (text) => console.error(text) })) {
    console.error('virt-deck: demo: the lab needs these packages; install them (as root) and run `npm start -- --demo` again');
    process.exit(1);
  }

  say('bringing the test lab up (the first start on a machine takes a minute)…');
  let lab;
  try {
    lab = JSON.parse(await labTool(root, ['up', '--lease-pid', String(process.pid)], true));
  } catch (error) {
    console.error(`virt-deck: demo: the lab did not come up: ${error.message}`);
    process.exit(1);
  }
  const { info, startedNow } = lab;
  say(startedNow ? `lab up in ${info.stateDir}; it is taken down when the app exits` : `the lab in ${info.stateDir} was already running; it stays up after the demo`);
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    try {
      await labTool(root, ['release', '--lease-pid', String(process.pid), ...(startedNow ? ['--started-now'] : [])], false);
    } catch (error) {
      console.error(`virt-deck: demo: releasing the lab failed: ${error.message}${startedNow ? ' (`npm run lab -- down` stops it)' : ''}`);
    }
  };

  const dataDir = options.dataDir ?? join(info.stateDir, 'demo');
  try {
    const hosts = await addLabHosts(web, dataDir, info.hosts);
    say(`data in ${dataDir}; hosts: ${hosts.join(', ')}`);
  } catch (error) {
    console.error(`virt-deck: demo: could not add the lab's hosts to ${dataDir}: ${error.message}`);
    await release();
    process.exit(1);
  }

  const finish = async (code) => {
    await release();
    process.exit(code);
  };
  const why = options.web ? `web mode requested (${options.webRequestedBy})` : await whyNoElectron();
  if (why === null) {
    const child = spawnElectron(dataDir);
    child.on('error', (error) => {
      console.error(`virt-deck: demo: could not start Electron: ${error.message}`);
      void finish(1);
    });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => void finish(code ?? (signal ? 1 : 0)));
    return;
  }
  let mode;
  try {
    mode = await web.runWebMode({ port: options.port, dataDir, notice: options.web ? why : `${why}; serving the UI in web mode instead`, handleSignals: false });
  } catch (error) {
    console.error(`virt-deck: ${error instanceof Error ? error.message : String(error)}`);
    await finish(1);
    return;
  }
  let stopping = false;
  const onSignal = (signal) => {
    if (stopping) process.exit(130); // a second Ctrl-C: out now (a lab the demo started then stays up)
    stopping = true;
    say(`${signal}, stopping`);
    void mode.stop().then(() => finish(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/**
 * Make the demo inventory hold the lab's hosts as the lab reaches them now (its sshd port, sockets and keys can change
 * between lab starts): a host missing is added, one whose URI changed is re-pointed; other hosts are left alone.
 */
async function addLabHosts(web, dataDir, labHosts) {
  const app = web.createApp({ mode: 'web', dataDir });
  const call = async (channel, args) => {
    const result = await app.service.call(channel, args, { transport: 'in-process' });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  try {
    const existing = new Map((await call('hosts.list', {})).map((host) => [host.name, host]));
    const names = [];
    for (const host of labHosts) {
      const uri = host[TRANSPORT[host.name] ?? 'unixUri'];
      const current = existing.get(host.name);
      // Re-pointed, not replaced: the lab is the same hypervisor on a new port, so its instances keep their rows.
      if (current !== undefined && current.uri !== uri) await call('hosts.update', { id: current.id, uri, force: true });
      if (current === undefined) await call('hosts.add', { name: host.name, uri });
      names.push(`${host.name} (${uri.split(':', 1)[0]})`);
    }
    return names;
  } finally {
    await app.close();
  }
}

/** Run tests/lab/demo.ts with tsx; resolves to its stdout. Its stderr (the lab's progress) goes to ours. */
function labTool(root, args, quietStdout) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'tests', 'lab', 'demo.ts'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (!quietStdout) process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve(stdout) : reject(new Error(`tests/lab/demo.ts ${args[0]} ended with ${signal ?? `exit code ${code}`}`))));
  });
}
