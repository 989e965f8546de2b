import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseSshPublicKey } from '../../../main/cloud-init/ssh-public-key';
import { KEYS_MERGE_TYPE, renderUserData, userDataContentType } from '../../../main/cloud-init/user-data';
import { ed25519KeyLine } from './keys';

const alice = parseSshPublicKey(ed25519KeyLine('alice@laptop').line, 'k');
const bob = parseSshPublicKey(ed25519KeyLine('bob "the builder"').line, 'k');

/** Split a multipart/mixed document into its parts' headers and bodies (enough MIME for these tests). */
function parts(document: string): { headers: Map<string, string>; body: string }[] {
  const boundary = /boundary="([^"]+)"/.exec(document)?.[1];
  if (boundary === undefined) throw new Error('no boundary');
  const [, ...rest] = document.split(`\n--${boundary}`);
  return rest
    .filter((chunk) => !chunk.startsWith('--'))
    .map((chunk) => {
      const text = chunk.slice(1);
      const split = text.indexOf('\n\n');
      const headers = new Map(text.slice(0, split).split('\n').map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()] as [string, string]));
      return { headers, body: text.slice(split + 2) };
    });
}

describe('user-data', () => {
  it('is a cloud-config listing the keys when the user gives none of their own', () => {
    const rendered = renderUserData({ keys: [alice, bob] });
    expect(rendered.contentType).toBe('text/cloud-config');
    expect(rendered.content.toString()).toBe(`#cloud-config\nssh_authorized_keys:\n  - "${alice.line}"\n  - ${JSON.stringify(bob.line)}\n`);
    expect(rendered.content.toString()).toContain('bob \\"the builder\\""');
  });

  it('is an empty cloud-config with neither keys nor user-data', () => {
    expect(renderUserData({ keys: [] }).content.toString()).toBe('#cloud-config\n{}\n');
  });

  it("passes the user's bytes through unchanged when there are no keys, gzip included", () => {
    const script = '#!/bin/sh\necho hi\n';
    expect(renderUserData({ keys: [], userData: script })).toEqual({ content: Buffer.from(script), contentType: 'text/x-shellscript', userPartType: 'text/x-shellscript' });
    const gz = gzipSync('#cloud-config\npackages: [htop]\n');
    expect(renderUserData({ keys: [], userData: gz }).content).toBe(gz);
  });

  it("combines keys and the user's cloud-config as multipart: the user's part as given, then ours with an appending Merge-Type", () => {
    const mine = '#cloud-config\nssh_authorized_keys:\n  - ssh-ed25519 AAAA-theirs\npackages: [htop]\n';
    const rendered = renderUserData({ keys: [alice], userData: mine });
    expect(rendered).toMatchObject({ contentType: 'multipart/mixed', userPartType: 'text/cloud-config' });
    const text = rendered.content.toString();
    expect(text).toMatch(/^Content-Type: multipart\/mixed; boundary="==virt-deck-[0-9a-f]{24}=="\nMIME-Version: 1\.0\n\n--/);
    const [user, keys, ...extra] = parts(text);
    expect(extra).toEqual([]);
    expect(user?.body).toBe(mine);
    expect(user?.headers.get('content-type')).toBe('text/cloud-config; charset="utf-8"');
    expect(user?.headers.get('content-transfer-encoding')).toBe('7bit');
    expect(keys?.headers.get('merge-type')).toBe(KEYS_MERGE_TYPE);
    expect(keys?.body).toBe(`#cloud-config\nssh_authorized_keys:\n  - "${alice.line}"\n`);
    expect(text.endsWith('--\n')).toBe(true);
  });

  it('labels each kind of user-data the way cloud-init classifies it', () => {
    const cases: [string, string][] = [
      ['#cloud-config\n', 'text/cloud-config'],
      ['#cloud-config-archive\n', 'text/cloud-config-archive'],
      ['#cloud-config-jsonp\n', 'text/cloud-config-jsonp'],
      ['#!/bin/bash\n', 'text/x-shellscript'],
      ['#include\nhttp://x\n', 'text/x-include-url'],
      ['#include-once\nhttp://x\n', 'text/x-include-once-url'],
      ['#cloud-boothook\n', 'text/cloud-boothook'],
      ['#part-handler\n', 'text/part-handler'],
      ['## template: jinja\n#cloud-config\n', 'text/jinja2'],
      ['Content-Type: multipart/mixed; boundary="b"\n', 'multipart/mixed'],
      ['mime-version: 1.0\n', 'multipart/mixed'],
    ];
    for (const [text, type] of cases) expect(userDataContentType(text), text).toBe(type);
  });

  it("nests the user's own MIME document whole, and expands gzip before combining", () => {
    const mime = 'Content-Type: multipart/mixed; boundary="theirs"\nMIME-Version: 1.0\n\n--theirs\nContent-Type: text/x-shellscript\n\n#!/bin/sh\necho hi\n--theirs--\n';
    const [nested] = parts(renderUserData({ keys: [alice], userData: mime }).content.toString());
    expect(`${[...(nested?.headers ?? new Map<string, string>())].map(([k, v]) => `${k}: ${v}`).join('\n')}`).toMatch(/^content-type: multipart\/mixed; boundary="theirs"/);
    expect(renderUserData({ keys: [alice], userData: mime }).content.toString()).toContain(mime);
    const zipped = renderUserData({ keys: [alice], userData: gzipSync('#!/bin/sh\necho ünïcode\n') });
    const [script] = parts(zipped.content.toString());
    expect(script?.body).toBe('#!/bin/sh\necho ünïcode\n');
    expect(script?.headers.get('content-transfer-encoding')).toBe('8bit');
  });

  it('refuses user-data cloud-init could not read, saying why', () => {
    expect(() => renderUserData({ keys: [], userData: 'echo hi\n' })).toThrow(/starts with "echo hi", which cloud-init does not recognise: start it with #cloud-config/);
    expect(() => renderUserData({ keys: [], userData: ' #cloud-config\n' })).toThrow(/does not recognise/);
    expect(() => renderUserData({ keys: [], userData: '' })).toThrow(/userData is empty/);
    expect(() => renderUserData({ keys: [], userData: `#!/bin/sh\n${'#'.repeat(70_000)}` })).toThrow(/userData is 70010 bytes; at most 65536/);
    expect(() => renderUserData({ keys: [], userData: Buffer.from([0x23, 0x21, 0xff, 0xfe]) })).toThrow(/must be UTF-8 text/);
    expect(() => renderUserData({ keys: [], userData: Buffer.from([0x1f, 0x8b, 1, 2, 3]) })).toThrow(/looks gzip-compressed but/);
    const bomb = gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x23));
    expect(() => renderUserData({ keys: [], userData: bomb })).toThrow(/does not expand to at most 1048576 bytes/);
  });
});
