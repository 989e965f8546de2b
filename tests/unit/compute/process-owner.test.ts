import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { currentOwner, formatOwner, isOwnerAlive, ownerLiveness, parseOwner, parseProcStatStartTime, type ProcessProbe } from '../../../main/compute/process-owner';

/** A system with the given processes (pid → start time) on `host`. */
function probe(processes: Record<number, string>, host = 'ws1'): ProcessProbe {
  return { hostname: () => host, startTime: (pid) => processes[pid] ?? null };
}

describe('process owner', () => {
  it('reads the start time from /proc/<pid>/stat, counting fields after the last parenthesis', () => {
    expect(parseProcStatStartTime('4549 (cat) R 4547 4547 26996 0 -1 4194304 101 0 0 0 0 0 0 0 20 0 1 0 400882 3133440 388')).toBe('400882');
    // A command name with spaces and parentheses does not shift the fields.
    expect(parseProcStatStartTime('77 (a) (b c)) S 1 77 77 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 123456 0 0')).toBe('123456');
    expect(parseProcStatStartTime('garbage')).toBeNull();
  });

  it('formats and parses pid:starttime@hostname', () => {
    const owner = formatOwner({ pid: 42, startTime: '9001', hostname: 'ws1.example' });
    expect(owner).toBe('42:9001@ws1.example');
    expect(parseOwner(owner)).toEqual({ pid: 42, startTime: '9001', hostname: 'ws1.example' });
    expect(parseOwner('42:-@mac')).toEqual({ pid: 42, startTime: '-', hostname: 'mac' });
    for (const bad of [null, '', '42@h', 'x:1@h', '0:1@h', '42:1@']) expect(parseOwner(bad)).toBeNull();
  });

  it('tells a live owner from a dead one, and a reused pid from its first process', () => {
    const system = probe({ 42: '9001', 43: '-' });
    expect(ownerLiveness('42:9001@ws1', system)).toBe('alive');
    // Same pid, another start time: the owner died and the pid went to another process.
    expect(ownerLiveness('42:1234@ws1', system)).toBe('dead');
    expect(ownerLiveness('44:9001@ws1', system)).toBe('dead');
    // Platforms that cannot tell start times fall back to "the pid exists".
    expect(ownerLiveness('43:5@ws1', system)).toBe('alive');
    expect(ownerLiveness('42:9001@ws2', system)).toBe('unknown');
    expect(ownerLiveness('not an owner', system)).toBe('dead');
  });

  it('names this process, alive on this machine', () => {
    const me = currentOwner();
    expect(parseOwner(me)).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(currentOwner()).toBe(me);
    expect(ownerLiveness(me)).toBe('alive');
    // A pid far above any pid_max cannot exist.
    expect(ownerLiveness(`2147483646:1@${hostname()}`)).toBe('dead');
  });

  it('leaves alone what may still run: alive, or on another machine; junk is dead', () => {
    expect(isOwnerAlive(currentOwner())).toBe(true);
    // Above Linux's pid_max (4194304): no process can have it.
    expect(isOwnerAlive(`99999999:1@${currentOwner().split('@')[1]}`)).toBe(false);
    expect(isOwnerAlive('99999999:1@another-machine.example')).toBe(true);
    for (const junk of [null, '', 'x', '12@h', ':1@h', '0:1@h', '12:ab@h', '12:1@']) expect(isOwnerAlive(junk), String(junk)).toBe(false);
  });
});
