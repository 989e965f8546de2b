import { describe, expect, it } from 'vitest';
import { currentOwner, formatOwner, ownerLiveness, parseOwner, type ProcessProbe } from '../../../main/process/owner';

const probe = (running: Record<number, string | null>): ProcessProbe => ({
  hostname: () => 'ws1',
  startTime: (pid) => (pid in running ? running[pid] : undefined),
});

describe('process owner', () => {
  it('names this process as pid:starttime@hostname, and parses it back', () => {
    const owner = currentOwner();
    expect(owner).toMatch(new RegExp(`^${process.pid}:(\\d+|-)@.+$`));
    expect(parseOwner(owner)?.pid).toBe(process.pid);
    expect(ownerLiveness(owner)).toBe('alive');
    expect(formatOwner({ pid: 7, startTime: null, hostname: 'h' })).toBe('7:-@h');
  });

  it('tells dead, reused, alive and remote owners apart', () => {
    const p = probe({ 10: '500', 11: null });
    expect(ownerLiveness('10:500@ws1', p)).toBe('alive');
    expect(ownerLiveness('10:499@ws1', p)).toBe('dead'); // the pid was reused
    expect(ownerLiveness('11:499@ws1', p)).toBe('alive'); // no start time to compare: the pid decides
    expect(ownerLiveness('12:1@ws1', p)).toBe('dead');
    expect(ownerLiveness('10:500@ws2', p)).toBe('unknown');
    expect(ownerLiveness('garbage', p)).toBe('dead');
  });

  it('refuses malformed owners', () => {
    for (const text of ['', '0:1@h', 'x:1@h', '1:1', '1:a@h', '1:1@']) expect(parseOwner(text)).toBeNull();
  });
});
