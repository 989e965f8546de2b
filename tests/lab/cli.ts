// `npm run lab -- up|down|status [--json]`: the test lab from the command line.
import { downLab, upLab } from './lab';
import { labStatus, type LabStatus } from './status';
import type { LabInfo } from './types';

const USAGE = `Usage: npm run lab -- <command> [options]

Commands:
  up       bring the lab up (or report the running one)
  down     tear it down: guests, vd-lab-* definitions, libvirtd, sshd (and virtlogd if the lab started it)
  status   report each part; exit code 0 = up, 1 = down, 2 = partly up

Options:
  --json   print machine-readable output (up, status)
  --purge  with down: also delete the state directory (keys, guest image)
  --force  with down: tear down even while test runs use the lab

State directory: $VIRT_DECK_LAB_DIR, default <repo>/.lab`;

function printInfo(info: LabInfo): void {
  const lines = [
    `state dir   ${info.stateDir}`,
    `libvirtd    pid ${info.libvirtdPid}, socket ${info.libvirtSocket}`,
    `sshd        pid ${info.sshdPid}, ${info.ssh.user}@${info.ssh.host}:${info.ssh.port} (ssh -F ${info.ssh.configPath} -p ${info.ssh.port} root@127.0.0.1)`,
    `virtlogd    pid ${info.virtlogd.pid}${info.virtlogd.startedByLab ? ' (started by the lab)' : ' (already running; left alone on down)'}`,
    `guest       ${info.guest.name} on qemu, console log ${info.guest.consoleLogPath}`,
    `pool        ${info.qemu.pool.name} (${info.qemu.pool.volume.name})`,
    `boot image  ${info.bootImage.path} (qcow2, ${(info.bootImage.sizeBytes / 1024 / 1024).toFixed(1)} MiB, kernel ${info.bootImage.kernelVersion}, sha256 ${info.bootImage.sha256.slice(0, 12)}…)`,
    `network     ${info.qemu.network === null ? `skipped: ${info.qemu.networkSkippedReason ?? 'unknown reason'}` : `${info.qemu.network.name} (bridge ${info.qemu.network.bridge}, no IP)`}`,
    'hosts:',
    ...info.hosts.map((host) => `  ${host.name.padEnd(13)} ${String(host.cpus).padStart(2)} CPUs ${String(Math.round(host.memoryKiB / 1024 / 1024)).padStart(3)} GiB  ${host.unixUri}\n  ${''.padEnd(13)} virsh over SSH: virsh -c '${host.virshSshUri}'`),
  ];
  console.log(lines.join('\n'));
}

function printStatus(status: LabStatus): void {
  console.log(`lab ${status.state} (${status.stateDir})`);
  for (const [name, part] of Object.entries(status.components)) {
    console.log(`  ${name.padEnd(9)} ${part.ok ? 'ok  ' : 'FAIL'} ${part.pid === null ? '' : `pid ${part.pid}, `}${part.detail}`);
  }
  if (status.problem !== undefined) console.log(`  problem: ${status.problem}`);
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  const unknown = rest.filter((arg) => !['--json', '--purge', '--force'].includes(arg));
  if (unknown.length > 0 || command === undefined || command === '--help' || command === '-h') {
    console.error(unknown.length > 0 ? `Unknown option(s): ${unknown.join(' ')}\n\n${USAGE}` : USAGE);
    return command === '--help' || command === '-h' ? 0 : 64;
  }
  const started = performance.now();
  const seconds = (): string => ((performance.now() - started) / 1000).toFixed(1);
  switch (command) {
    case 'up': {
      const { info, startedNow } = await upLab({ owner: 'cli' });
      if (json) console.log(JSON.stringify(info, null, 2));
      else {
        console.log(startedNow ? `Lab up in ${seconds()} s` : 'Lab was already up');
        printInfo(info);
      }
      return 0;
    }
    case 'down':
      await downLab({ purge: rest.includes('--purge'), force: rest.includes('--force') });
      console.log(`Lab down in ${seconds()} s`);
      return 0;
    case 'status': {
      const status = await labStatus();
      if (json) console.log(JSON.stringify(status, null, 2));
      else printStatus(status);
      return status.state === 'up' ? 0 : status.state === 'down' ? 1 : 2;
    }
    default:
      console.error(`Unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 64;
  }
}

// `npm run lab -- status | head -1` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
