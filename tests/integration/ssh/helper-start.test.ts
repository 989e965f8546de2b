// Issue 10, item 9: an SSH remote that exits at once without a word (here a forced command in
// authorized_keys, on a private sshd) is reported with its exit status and as a remote libvirt
// helper that could not be started — never as "write after end" or a bare EOF.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnection } from '../../../main/libvirt/rpc';
import { dialerForUri } from '../../../main/libvirt/transport';
import { RemoteHelperNotStartedError, SshPool } from '../../../main/ssh';
import { generateKey, startOwnSshd, type KeyPair, type OwnSshd } from './own-sshd';

let dir: string;
let hostKey: KeyPair;
let clientKey: KeyPair;
const sshds: OwnSshd[] = [];
const pools: SshPool[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vd-ssh-helper-'));
  hostKey = generateKey('ssh-ed25519', join(dir, 'host'));
  clientKey = generateKey('ssh-ed25519', join(dir, 'client'));
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.closeAll()));
  await Promise.all(sshds.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

/** A private sshd whose only authorized key runs `forced` instead of whatever we ask for. */
async function forcedCommandUri(forced: string): Promise<{ uri: string; port: number }> {
  const sshd = await startOwnSshd({ dir: join(dir, `sshd-${sshds.length}`), hostKeys: [hostKey], authorizedKeys: [`command="${forced}" ${clientKey.publicLine}`] });
  sshds.push(sshd);
  const knownHosts = join(dir, `kh-${sshd.port}`);
  writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${hostKey.publicLine}\n`);
  return { uri: `qemu+ssh://root@127.0.0.1:${sshd.port}/system?keyfile=${clientKey.privatePath}&known_hosts=${knownHosts}`, port: sshd.port };
}

function dial(uri: string) {
  const pool = new SshPool();
  pools.push(pool);
  return dialerForUri(uri, { pool, sshEnvironment: { sshConfigFile: null, homeDir: dir, localUser: 'root', agentSocket: null }, timeoutMs: 10_000 });
}

const expected = (port: number, status: number) =>
  `The remote libvirt helper (virt-ssh-helper qemu:///system, else nc -U /var/run/libvirt/libvirt-sock) could not be started on root@127.0.0.1:${port}: ` +
  `the remote command exited with status ${status} at once, with no output and no error message (a forced command in authorized_keys or a restricted login shell does this)`;

describe('a remote libvirt helper that exits at once', () => {
  it.each([
    ['exit 3', 3],
    ['true', 0],
  ])('command="%s": the RPC handshake fails naming the exit status and the helper', async (forced, status) => {
    const { uri, port } = await forcedCommandUri(forced);
    const { dialer, driverUri } = dial(uri);
    const err = (await openConnection(await dialer.dial(), { driverUri, handshakeTimeoutMs: 10_000 }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe(`libvirt connection failed in the transport: ${expected(port, status)}`);
    expect(err.cause).toBeInstanceOf(RemoteHelperNotStartedError);
  });

  it('says the same when the client starts only after the helper is gone', async () => {
    const { uri, port } = await forcedCommandUri('exit 3');
    const { dialer, driverUri } = dial(uri);
    const stream = await dialer.dial();
    const gone = new Promise<Error>((resolve) => stream.once('error', resolve));
    stream.resume();
    expect((await gone).message).toBe(expected(port, 3));
    const err = (await openConnection(stream, { driverUri, handshakeTimeoutMs: 10_000 }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe(`libvirt connection failed in the transport: ${expected(port, 3)}`);
  });
});
