import { afterEach, describe, expect, it, vi } from 'vitest';
import { LibvirtRpcClient } from '../../../../main/libvirt/rpc/client';
import { KeepaliveMonitor } from '../../../../main/libvirt/rpc/keepalive';
import { FakePeer, KEEPALIVE } from './fake-server';

afterEach(() => {
  vi.useRealTimers();
});

function monitor(paused = false): { pings: number[]; dead: number[]; m: KeepaliveMonitor } {
  const pings: number[] = [];
  const dead: number[] = [];
  const m = new KeepaliveMonitor(
    { sendPing: () => pings.push(Date.now()), onDead: (ms) => dead.push(ms), isReadingPaused: () => paused },
    { intervalMs: 5_000, timeoutMs: 30_000 },
  );
  return { pings, dead, m };
}

describe('KeepaliveMonitor', () => {
  it('pings every interval while idle and declares death after the timeout', () => {
    vi.useFakeTimers({ now: 0 });
    const { pings, dead } = monitor();
    vi.advanceTimersByTime(29_999);
    expect(pings).toEqual([5_000, 10_000, 15_000, 20_000, 25_000]);
    expect(dead).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(dead).toEqual([30_000]);
    vi.advanceTimersByTime(60_000);
    expect(pings.length).toBe(5);
    expect(dead.length).toBe(1);
  });

  it('counts any received traffic as life', () => {
    vi.useFakeTimers({ now: 0 });
    const { pings, dead, m } = monitor();
    for (let t = 0; t < 100_000; t += 4_000) {
      vi.advanceTimersByTime(4_000);
      m.touch();
    }
    expect(pings).toEqual([]);
    expect(dead).toEqual([]);
    vi.advanceTimersByTime(5_000);
    expect(pings.length).toBe(1);
    m.stop();
  });

  it('does not count silence while we deliberately stopped reading', () => {
    vi.useFakeTimers({ now: 0 });
    const { dead, m } = monitor(true);
    vi.advanceTimersByTime(120_000);
    expect(dead).toEqual([]);
    m.stop();
  });

  it('rejects nonsensical settings', () => {
    expect(() => new KeepaliveMonitor({ sendPing: () => undefined, onDead: () => undefined, isReadingPaused: () => false }, { intervalMs: 0 })).toThrow(RangeError);
  });
});

describe('client keepalive', () => {
  // A fake clock, a real client and peer: advancing it async lets the in-memory socket carry PINGs and PONGs between
  // timer firings.
  const fakeClock = () => vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });

  it('a silent peer closes the connection with cause keepalive-timeout and fails pending calls', async () => {
    fakeClock();
    const peer = new FakePeer();
    peer.autoPong = false; // the peer has gone silent
    const client = new LibvirtRpcClient(peer.clientSide);
    client.startKeepalive({ intervalMs: 20, timeoutMs: 120 });
    const pending = client.call(3, null, (r) => r.string());
    pending.catch(() => undefined);
    await vi.advanceTimersByTimeAsync(119);
    expect(client.isClosed).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    const err = await client.closed;
    expect(err.reason).toBe('keepalive-timeout');
    expect(err.message).toMatch(/^libvirt connection lost: keepalive timeout: nothing received from the peer for \d+ ms$/);
    await expect(pending).rejects.toBe(err);
    expect(peer.received.filter((p) => p.program === KEEPALIVE && p.procedure === 1).length).toBeGreaterThanOrEqual(2);
  });

  it('a peer answering PINGs keeps the connection alive', async () => {
    const peer = new FakePeer();
    fakeClock();
    const client = new LibvirtRpcClient(peer.clientSide);
    client.startKeepalive({ intervalMs: 20, timeoutMs: 100 });
    await vi.advanceTimersByTimeAsync(400);
    expect(client.isClosed).toBe(false);
    expect(peer.received.filter((p) => p.program === KEEPALIVE).length).toBeGreaterThanOrEqual(5);
    client.destroy();
  });
});
