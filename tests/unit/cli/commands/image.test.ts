import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../../main/cli/run';
import { useTempDirs } from '../../inventory/helpers';

const tempDir = useTempDirs();

async function cli(dataDir: string, argv: readonly string[], io: Partial<CliIo> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, '--data-dir', dataDir], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, ...io });
  return { code, stdout, stderr };
}

describe('virt-deck image', () => {
  it('imports, lists, shows and deletes an image; progress goes to the status line when there is one', async () => {
    const dir = tempDir();
    const file = join(dir, 'disk.raw');
    writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 1));
    const lines: string[] = [];
    const imported = await cli(dir, ['image', 'import', file, '--name', 'disk', '--os-type', 'linux', '--min-ram', '64', '--property', 'hw_vif_model=e1000'], {
      progress: (text) => lines.push(text),
    });
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toMatch(/\| name +\| disk +\|/);
    expect(imported.stdout).toMatch(/\| properties +\| \{"hw_vif_model":"e1000","os_type":"linux"\} +\|/);
    expect(imported.stdout).toMatch(/\| virtual_size +\| 3145728 +\|/);
    expect(lines[0]).toMatch(/^Importing disk: /);
    expect(lines.some((line) => /3\.00 MiB of 3\.00 MiB \(100%\)/.test(line))).toBe(true);
    expect(lines.at(-1)).toBe('');

    const list = await cli(dir, ['image', 'list']);
    expect(list.stdout.split('\n')[1]).toMatch(/^\| ID +\| Name +\| Status +\| Disk_Format +\| Size +\| Min_Disk +\| Min_Ram +\| Hosts +\|$/);
    expect(list.stdout).toMatch(/\| disk +\| active +\| raw +\| 3145728 +\| 1 +\| 64 +\|/);
    const json = JSON.parse((await cli(dir, ['image', 'show', 'disk', '--json'])).stdout) as { checksumSha256: string };
    expect(json.checksumSha256).toMatch(/^[0-9a-f]{64}$/);

    const deleted = await cli(dir, ['image', 'delete', 'disk']);
    expect(deleted).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Deleted image disk \(id [0-9a-f-]{36}\)\.\n$/) });
    expect((await cli(dir, ['image', 'show', 'disk'])).stderr).toBe('error: Image disk not found\n');
  });

  it('refuses what it cannot import with the reason, and a missing --name as a usage error', async () => {
    const dir = tempDir();
    const file = join(dir, 'disk.vhdx');
    writeFileSync(file, Buffer.concat([Buffer.from('vhdxfile'), Buffer.alloc(4096)]));
    expect(await cli(dir, ['image', 'import', file, '--name', 'x'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: Cannot import this file: it is a VHDX \(Hyper-V\) image: convert it with `qemu-img convert/) });
    expect(await cli(dir, ['image', 'import', file])).toMatchObject({ code: 2, stderr: expect.stringMatching(/'image import' needs --name/) });
    expect(await cli(dir, ['image', 'import', file, '--name', 'x', '--property', 'novalue'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--property expects KEY=VALUE/) });
  });
});

describe('virt-deck keypair', () => {
  it('generates a key pair (private key on stdout, warning on stderr), adds one from a file, lists and deletes', async () => {
    const dir = tempDir();
    const generated = await cli(dir, ['keypair', 'add', 'gen']);
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+-----END OPENSSH PRIVATE KEY-----\n$/);
    expect(generated.stderr).toMatch(/^warning: this is the only copy of the private key of gen \(SHA256:[A-Za-z0-9+/]{43}\): save it now/);
    const pub = join(dir, 'key.pub');
    const shown = JSON.parse((await cli(dir, ['keypair', 'show', 'gen', '--json'])).stdout) as { publicKey: string };
    writeFileSync(pub, `${shown.publicKey.replace(/ gen$/, ' other@host')}\n`);
    const added = await cli(dir, ['keypair', 'add', 'other', '--public-key', pub]);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/\| comment +\| other@host +\|/);
    const list = await cli(dir, ['keypair', 'list']);
    expect(list.stdout).toMatch(/\| Name +\| Type +\| Fingerprint +\|[\s\S]*\| gen +\| ssh-ed25519 \| SHA256:[\s\S]*\| other +\| ssh-ed25519 \|/);
    expect(await cli(dir, ['keypair', 'add', 'x', '--public-key', join(dir, 'missing.pub')])).toMatchObject({ code: 1, stderr: expect.stringMatching(/does not exist/) });
    expect(await cli(dir, ['keypair', 'add', 'x', '--public-key', '/dev/zero'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/character device/) });
    expect(await cli(dir, ['keypair', 'delete', 'gen'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Deleted key pair gen \(SHA256:/) });
  });
});
