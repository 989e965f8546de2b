import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  boundedFileProblem,
  KNOWN_HOSTS_FILE,
  KNOWN_HOSTS_SIZE_LIMIT,
  loadKnownHosts,
  PRIVATE_KEY_FILE,
  PRIVATE_KEY_SIZE_LIMIT,
  readBoundedFile,
  SshFileError,
  trustHostKey,
} from '../../../main/ssh';
import { formatSize } from '../../../main/ssh/bounded-file';

// Key and known_hosts paths come from the form, the URI and ssh_config: only regular files of sane
// size are read. (A FIFO needs mkfifo, an outside process: tests/integration/ssh/bounded-files.test.ts.)
const dir = mkdtempSync(join(tmpdir(), 'vd-bounded-'));
const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<SshFileError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SshFileError);
  return err as SshFileError;
}

describe('readBoundedFile', () => {
  it('states its limits: 16 MiB for known_hosts, 1 MiB for a private key', () => {
    expect(KNOWN_HOSTS_SIZE_LIMIT).toBe(16 * 1024 * 1024);
    expect(PRIVATE_KEY_SIZE_LIMIT).toBe(1024 * 1024);
    expect(formatSize(KNOWN_HOSTS_SIZE_LIMIT)).toBe('16 MiB');
    expect(formatSize(812)).toBe('812 bytes');
    expect(formatSize(3.25 * 1024 ** 3)).toBe('3.3 GiB');
  });

  it('reads a regular file, and says null for a missing one', async () => {
    const file = join(dir, 'plain');
    writeFileSync(file, 'hello\n');
    expect((await readBoundedFile(file, KNOWN_HOSTS_FILE))?.toString()).toBe('hello\n');
    expect(await readBoundedFile(join(dir, 'missing'), KNOWN_HOSTS_FILE)).toBeNull();
    expect(await readBoundedFile(join(file, 'below-a-file'), KNOWN_HOSTS_FILE)).toBeNull();
  });

  it('refuses /dev/zero without reading it', async () => {
    const err = await failure(readBoundedFile('/dev/zero', KNOWN_HOSTS_FILE));
    expect(err.message).toBe('Cannot use known_hosts file /dev/zero: it is a character device, not a regular file');
    expect(err.path).toBe('/dev/zero');
  });

  it('refuses a directory', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect((await failure(readBoundedFile(folder, PRIVATE_KEY_FILE))).message).toBe(`Cannot use SSH key file ${folder}: it is a directory, not a regular file`);
  });

  it('refuses a socket', async () => {
    const path = join(dir, 'sock');
    const server = createServer();
    servers.push(server);
    await new Promise<void>((r) => server.listen(path, r));
    expect((await failure(readBoundedFile(path, KNOWN_HOSTS_FILE))).reason).toBe('it is a socket, not a regular file');
  });

  it('refuses a file over the limit before reading it', async () => {
    const huge = join(dir, 'huge');
    writeFileSync(huge, '');
    truncateSync(huge, 3 * 1024 ** 3); // sparse: costs nothing on disk
    expect((await failure(readBoundedFile(huge, KNOWN_HOSTS_FILE))).message).toBe(
      `Cannot use known_hosts file ${huge}: it is 3 GiB (3221225472 bytes), over the 16 MiB limit`,
    );
    const key = join(dir, 'big-key');
    writeFileSync(key, Buffer.alloc(PRIVATE_KEY_SIZE_LIMIT + 1));
    expect((await failure(readBoundedFile(key, PRIVATE_KEY_FILE))).reason).toBe('it is 1.0 MiB (1048577 bytes), over the 1 MiB limit');
    writeFileSync(key, Buffer.alloc(PRIVATE_KEY_SIZE_LIMIT));
    expect((await readBoundedFile(key, PRIVATE_KEY_FILE))?.length).toBe(PRIVATE_KEY_SIZE_LIMIT);
  });

  it('is what loadKnownHosts and trustHostKey use', async () => {
    await expect(loadKnownHosts([join(dir, 'missing'), '/dev/zero'])).rejects.toThrow('Cannot use known_hosts file /dev/zero: it is a character device');
    const info = { hostEntry: 'h', host: 'h', port: 22, keyType: 'ssh-ed25519', fingerprint: 'SHA256:x', publicKeyBase64: 'AAAA' };
    await expect(trustHostKey(info, '/dev/zero')).rejects.toBeInstanceOf(SshFileError);
  });
});

describe('boundedFileProblem', () => {
  it('says what is wrong without opening the path, and nothing for a usable or missing one', () => {
    expect(boundedFileProblem('/dev/zero', PRIVATE_KEY_FILE)).toBe('Cannot use SSH key file /dev/zero: it is a character device, not a regular file');
    expect(boundedFileProblem(dir, KNOWN_HOSTS_FILE)).toMatch(/it is a directory/);
    expect(boundedFileProblem(join(dir, 'not-yet'), KNOWN_HOSTS_FILE)).toBeNull();
    const file = join(dir, 'ok');
    writeFileSync(file, 'x');
    expect(boundedFileProblem(file, KNOWN_HOSTS_FILE)).toBeNull();
  });
});
