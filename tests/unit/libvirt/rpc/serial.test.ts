import { describe, expect, it } from 'vitest';
import { SerialCounter } from '../../../../main/libvirt/rpc/serial';

describe('SerialCounter', () => {
  it('starts at 1 and increments', () => {
    const c = new SerialCounter();
    expect([c.take(() => false), c.take(() => false), c.take(() => false)]).toEqual([1, 2, 3]);
  });

  it('wraps from 2^32 − 1 to 1, never using 0', () => {
    const c = new SerialCounter(0xfffffffe);
    expect([c.take(() => false), c.take(() => false), c.take(() => false)]).toEqual([0xfffffffe, 0xffffffff, 1]);
  });

  it('skips serials still held by a slow call or open stream', () => {
    const c = new SerialCounter(0xffffffff);
    const busy = new Set([1, 2]);
    expect(c.take(() => false)).toBe(0xffffffff);
    expect(c.take((s) => busy.has(s))).toBe(3);
  });
});
