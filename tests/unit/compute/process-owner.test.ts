import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { currentOwner, formatOwner, isOwnerAlive, parseOwner } from '../../../main/compute/process-owner';

describe('process owner', () => {
  it('names this process as pid:starttime@hostname, and it is alive', () => {
    const owner = currentOwner();
    expect(parseOwner(owner)).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(isOwnerAlive(owner)).toBe(true);
  });

  it('tells a reused pid from the process that wrote the owner (Linux: the start time differs)', () => {
    const me = parseOwner(currentOwner());
    if (me === null) throw new Error('own owner did not parse');
    if (process.platform === 'linux') expect(isOwnerAlive(formatOwner({ ...me, startTime: `${Number(me.startTime) + 1}` }))).toBe(false);
    // Without a start time only the pid is checked.
    expect(isOwnerAlive(formatOwner({ ...me, startTime: null }))).toBe(true);
  });

  it('is dead when no such process runs, alive when it is on another machine (cannot look), dead when not an owner', () => {
    // Above Linux's pid_max (4194304): no process can have it.
    expect(isOwnerAlive(`99999999:1@${hostname()}`)).toBe(false);
    expect(isOwnerAlive('99999999:1@another-machine.example')).toBe(true);
    for (const junk of ['', 'x', '12@h', ':1@h', '0:1@h', '12:ab@h', '12:1@']) expect(isOwnerAlive(junk), junk).toBe(false);
  });

  it('reads owners written without a start time (- or 0) as pid-only', () => {
    expect(parseOwner('12:-@h')).toEqual({ pid: 12, startTime: null, hostname: 'h' });
    expect(parseOwner('12:0@h')).toEqual({ pid: 12, startTime: null, hostname: 'h' });
    expect(formatOwner({ pid: 12, startTime: null, hostname: 'h' })).toBe('12:-@h');
  });
});
