import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { machineMirror, SourceUnavailableError } from '../../../../scripts/lvgen/source';

const root = mkdtempSync(join(tmpdir(), 'lvgen-apt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An /etc/apt look-alike with the given files. */
function etc(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'sources.list.d'), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

describe('the machine mirror for apt-get source', () => {
  it('takes the deb822 stanza that serves the suite, with its keyring', () => {
    const dir = etc('deb822', {
      'sources.list.d/debian.sources': [
        'Types: deb',
        'URIs: http://mirror.example/debian-security',
        'Suites: bookworm-security',
        'Components: main',
        '',
        'Types: deb',
        'URIs: http://mirror.example/debian',
        'Suites: bookworm bookworm-updates',
        'Components: main',
        'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
        '',
      ].join('\n'),
    });
    expect(machineMirror('bookworm', dir)).toEqual({ uri: 'http://mirror.example/debian', signedBy: '/usr/share/keyrings/debian-archive-keyring.gpg' });
  });

  it('reads one-line sources too', () => {
    const dir = etc('oneline', { 'sources.list': '# comment\ndeb [signed-by=/k.gpg] http://mirror.example/debian bookworm main\n' });
    expect(machineMirror('bookworm', dir)).toEqual({ uri: 'http://mirror.example/debian', signedBy: '/k.gpg' });
  });

  it('says so when no source serves the suite', () => {
    const dir = etc('none', { 'sources.list': 'deb http://mirror.example/debian trixie main\n' });
    expect(() => machineMirror('bookworm', dir)).toThrow(SourceUnavailableError);
    expect(() => machineMirror('bookworm', dir)).toThrow(/no apt source for bookworm/);
  });
});
