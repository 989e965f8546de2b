import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { driverUriOf, parseLibvirtUri, remoteLibvirtCommand } from '../../../../main/libvirt/transport';

/**
 * Runs the generated command the way sshd does (through a login shell: here /bin/sh), on a PATH
 * holding only the tools we allow, so each branch of the remote script is exercised for real.
 * The tools are stand-ins that print their argv: the real ones would need a daemon.
 */
const root = mkdtempSync(join(tmpdir(), 'vd-ssh-cmd-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const STUB = (name: string, extra = '') => `#!/bin/sh\n${extra}\nprintf '%s' '${name}'; printf '|%s' "$@"; printf '\\n'\n`;
const NC_WITH_Q = `if [ "$1" = -q ] && [ $# = 1 ]; then echo "nc: option requires an argument -- 'q'" >&2; exit 1; fi`;
const NC_WITHOUT_Q = `if [ "$1" = -q ] && [ $# = 1 ]; then echo "nc: invalid option -- 'q'" >&2; exit 1; fi`;

let dirs = 0;
function pathWith(tools: Record<string, string>): string {
  const dir = join(root, `bin${dirs++}`);
  spawnSync('mkdir', ['-p', dir]);
  for (const base of ['sh', 'grep', 'hostname']) symlinkSync(`/bin/${base}`, join(dir, base));
  for (const [name, script] of Object.entries(tools)) {
    writeFileSync(join(dir, name), script);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

function run(uri: string, tools: Record<string, string>, readOnly = false, env: Record<string, string> = {}) {
  const parsed = parseLibvirtUri(uri);
  const { command } = remoteLibvirtCommand(parsed, driverUriOf(parsed), readOnly);
  const r = spawnSync('/bin/sh', ['-c', command], { env: { PATH: pathWith(tools), HOME: '/home/u', ...env }, encoding: 'utf8' });
  return { out: r.stdout.trim(), err: r.stderr.trim(), status: r.status };
}

const helper = { 'virt-ssh-helper': STUB('virt-ssh-helper') };
const nc = { nc: STUB('nc', NC_WITH_Q) };
const socat = { socat: STUB('socat') };

describe('remote libvirt command', () => {
  it('prefers virt-ssh-helper with the driver URI', () => {
    expect(run('qemu+ssh://h/system?keyfile=/k', { ...helper, ...nc }).out).toBe('virt-ssh-helper|qemu:///system');
    expect(run('qemu+ssh://h/system', { ...helper, ...nc }, true).out).toBe('virt-ssh-helper|-r|qemu:///system');
  });

  it('falls back to nc -q0 -U on the legacy socket, -ro when read-only', () => {
    expect(run('qemu+ssh://h/system', nc).out).toBe('nc|-q0|-U|/var/run/libvirt/libvirt-sock');
    expect(run('qemu+ssh://h/system', nc, true).out).toBe('nc|-q0|-U|/var/run/libvirt/libvirt-sock-ro');
    expect(run('qemu+ssh://h/system', { nc: STUB('nc', NC_WITHOUT_Q) }).out).toBe('nc|-U|/var/run/libvirt/libvirt-sock');
  });

  it('uses netcat with socket= even when the helper exists (the 9.0 helper ignores socket=)', () => {
    expect(run('qemu+ssh://h/system?socket=/lab/run/libvirt-sock', { ...helper, ...nc }).out).toBe('nc|-q0|-U|/lab/run/libvirt-sock');
  });

  it('uses socat when nc is missing, and says so when everything is missing', () => {
    expect(run('qemu+ssh://h/system?socket=/lab/sock', socat).out).toBe('socat|-|UNIX-CONNECT:/lab/sock');
    const none = run('qemu+ssh://h/system', {});
    expect(none.status).toBe(127);
    expect(none.err).toMatch(/virt-ssh-helper, nc and socat are all missing/);
  });

  it('honours proxy=netcat, proxy=native, netcat= and mode=direct', () => {
    expect(run('qemu+ssh://h/system?proxy=netcat', { ...helper, ...nc }).out).toBe('nc|-q0|-U|/var/run/libvirt/libvirt-sock');
    expect(run('qemu+ssh://h/system?proxy=netcat&mode=direct', nc).out).toBe('nc|-q0|-U|/var/run/libvirt/virtqemud-sock');
    expect(run('qemu+ssh://h/system?proxy=netcat&netcat=my%20nc', { 'my nc': STUB('mync', NC_WITH_Q), ...nc }).out).toBe('mync|-q0|-U|/var/run/libvirt/libvirt-sock');
    const native = run('qemu+ssh://h/system?proxy=native', nc);
    expect(native.status).toBe(127);
    expect(native.err).toMatch(/virt-ssh-helper.*not found/);
    expect(run('qemu+ssh://h/system?proxy=native&socket=/s', helper).out).toBe('virt-ssh-helper|qemu:///system?socket=/s');
  });

  it('passes awkward driver URIs and socket paths as single words', () => {
    expect(run("test+ssh://h/tmp/it's%20a%20node.xml", helper).out).toBe("virt-ssh-helper|test:///tmp/it's%20a%20node.xml");
    expect(run('test+ssh://h/default?socket=/tmp/a%20b%3Bc/sock', nc).out).toBe('nc|-q0|-U|/tmp/a b;c/sock');
  });

  it('finds a session daemon in the remote runtime folder', () => {
    expect(run('qemu+ssh://h/session?proxy=netcat', nc, false, { XDG_RUNTIME_DIR: '/run/user/1000' }).out).toBe('nc|-q0|-U|/run/user/1000/libvirt/libvirt-sock');
    expect(run('qemu+ssh://h/session?proxy=netcat', nc).out).toBe('nc|-q0|-U|/home/u/.cache/libvirt/libvirt-sock');
  });

  it('describes itself for logs', () => {
    const parsed = parseLibvirtUri('qemu+ssh://h/system');
    expect(remoteLibvirtCommand(parsed, 'qemu:///system', false).description).toBe('virt-ssh-helper qemu:///system, else nc -U /var/run/libvirt/libvirt-sock');
  });
});
