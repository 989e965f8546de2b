import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliIn as cli } from '../run-in-process';
import { useTempDirs } from '../../inventory/helpers';

const tempDir = useTempDirs();
const realHome = process.env['HOME'];
afterEach(() => {
  process.env['HOME'] = realHome;
});

/** A home folder whose ~/.ssh/config says `text` (the resolver reads $HOME's, as ssh does). */
function homeWithConfig(text: string): string {
  const home = tempDir();
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  writeFileSync(join(home, '.ssh', 'config'), text, { mode: 0o600 });
  process.env['HOME'] = home;
  return home;
}

describe('host add and ssh_config', () => {
  it('prints what ssh_config sets that Virt Deck ignores, as warnings on stderr (and in --json)', async () => {
    const home = homeWithConfig('Host lab1.example\n  CheckHostIP yes\n');
    const added = await cli(tempDir(), 'host', 'add', 'lab1', 'qemu+ssh://root@lab1.example/system');
    expect(added.code).toBe(0);
    expect(added.stderr).toBe(`warning: ${home}/.ssh/config line 2: checkhostip ignored: the host key is checked under the host name only, not also under its address\n`);
    const json = await cli(tempDir(), 'host', 'add', 'lab1', 'qemu+ssh://root@lab1.example/system', '--json');
    expect(JSON.parse(json.stdout).warnings).toHaveLength(1);
  });

  it('refuses a host whose ssh_config OpenSSH would refuse, naming file and line', async () => {
    const home = homeWithConfig('Host lab1.example\n  StrictHostKeyChecking maybe\nHost *\n  StrictHostKeyChecking no\n');
    const added = await cli(tempDir(), 'host', 'add', 'lab1', 'qemu+ssh://root@lab1.example/system');
    expect(added.code).toBe(1);
    expect(added.stderr).toBe(`error: ssh_config for lab1.example refused: ${home}/.ssh/config line 2: unsupported option "maybe".\n`);
  });

  it('no warnings for a plain host', async () => {
    homeWithConfig('');
    expect((await cli(tempDir(), 'host', 'add', 'lab1', 'qemu+ssh://root@lab1.example/system')).stderr).toBe('');
  });
});
