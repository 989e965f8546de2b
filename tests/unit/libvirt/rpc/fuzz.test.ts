// Property tests: hostile bytes at every decoding layer give a clean error, never a crash, a
// hang, a huge allocation or a promise that never settles.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionClosedError, LibvirtError, ProtocolError, RpcClientError, libvirtErrorFromPayload } from '../../../../main/libvirt/errors';
import { LibvirtRpcClient } from '../../../../main/libvirt/rpc/client';
import { Limits } from '../../../../main/libvirt/rpc/constants';
import { PacketFramer } from '../../../../main/libvirt/rpc/framer';
import { NonRpcOutputError } from '../../../../main/libvirt/errors';
import { XdrError, XdrReader } from '../../../../main/libvirt/xdr';
import { FakePeer, KEEPALIVE, rawPacket, REMOTE } from './fake-server';

const RUNS = 2000;
const unexpected: unknown[] = [];
const onUnexpected = (e: unknown): void => void unexpected.push(e);

beforeAll(() => {
  process.on('unhandledRejection', onUnexpected);
  process.on('uncaughtException', onUnexpected);
});
afterAll(() => {
  process.off('unhandledRejection', onUnexpected);
  process.off('uncaughtException', onUnexpected);
  expect(unexpected).toEqual([]);
});

/** Words that make decoders reach for absurd sizes. */
const hostileWord = fc.constantFrom(0, 1, 2, 3, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff, 0x01ffffff, 0x02000005);
const hostileBytes = fc.oneof(
  fc.uint8Array({ maxLength: 96 }),
  fc.array(hostileWord, { maxLength: 24 }).map((words) => {
    const b = Buffer.alloc(words.length * 4);
    words.forEach((w, i) => b.writeUInt32BE(w, i * 4));
    return new Uint8Array(b);
  }),
);

type Op = (r: XdrReader) => unknown;
const ops: Op[] = [
  (r) => r.int(),
  (r) => r.uint(),
  (r) => r.hyper(),
  (r) => r.uhyper(),
  (r) => r.double(),
  (r) => r.bool(),
  (r) => r.string(),
  (r) => r.opaque(),
  (r) => r.fixedOpaque(16),
  (r) => r.charWords(32),
  (r) => r.optional((x) => x.string()),
  (r) => r.array((x) => x.string()),
  (r) => r.array((x) => x.array((y) => y.uhyper(), 8)),
  (r) => r.array((x) => ({ name: x.string(), uuid: x.fixedOpaque(16), id: x.int() }), 24),
];

describe('fuzz: XdrReader', () => {
  it('random bytes under random decode programs only ever throw XdrError', () => {
    const before = process.memoryUsage().arrayBuffers;
    fc.assert(
      fc.property(hostileBytes, fc.array(fc.integer({ min: 0, max: ops.length - 1 }), { minLength: 1, maxLength: 12 }), (bytes, program) => {
        const r = new XdrReader(bytes);
        try {
          for (const i of program) ops[i]!(r);
        } catch (error) {
          if (!(error instanceof XdrError)) throw error;
        }
        expect(r.offset).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: RUNS },
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('error structures from random bytes become LibvirtError or ProtocolError, never a throw', () => {
    fc.assert(
      fc.property(hostileBytes, (bytes) => {
        const e = libvirtErrorFromPayload(bytes, { program: REMOTE, procedure: 1, procedureName: 'X' });
        expect(e instanceof LibvirtError || e instanceof ProtocolError).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fuzz: PacketFramer', () => {
  it('random chunks yield well-formed packets or NonRpcOutputError, with bounded buffering', () => {
    const packetish = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ maxLength: 40 })).map(([len, rest]) => {
        const b = Buffer.alloc(4 + rest.length);
        b.writeUInt32BE(len, 0);
        b.set(rest, 4);
        return new Uint8Array(b);
      }),
      fc.uint8Array({ maxLength: 40 }).map((p) => new Uint8Array(rawPacket({ procedure: 3, type: 1, serial: 1 }, p))),
    );
    fc.assert(
      fc.property(fc.array(packetish, { maxLength: 10 }), fc.integer({ min: 1, max: 50 }), (items, chunkSize) => {
        const stream = Buffer.concat(items);
        const f = new PacketFramer();
        let pushed = 0;
        try {
          for (let i = 0; i < stream.length; i += chunkSize) {
            const chunk = stream.subarray(i, i + chunkSize);
            f.push(chunk);
            pushed += chunk.length;
            for (let p = f.next(); p !== null; p = f.next()) {
              expect(p.length).toBeGreaterThanOrEqual(Limits.MIN_PACKET);
              expect(p.length).toBeLessThanOrEqual(Limits.MAX_PACKET);
              expect(new DataView(p.buffer, p.byteOffset).getUint32(0)).toBe(p.length);
            }
            expect(f.bufferedBytes).toBeLessThanOrEqual(pushed);
          }
        } catch (error) {
          if (!(error instanceof NonRpcOutputError)) throw error;
          expect(f.bufferedBytes).toBe(0);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fuzz: client dispatcher', () => {
  const header = fc.record({
    program: fc.oneof(fc.constantFrom(REMOTE, KEEPALIVE, 0x20008087, 0x00068000), fc.integer({ min: 0, max: 0xffffffff })),
    version: fc.constantFrom(1, 1, 1, 1, 2),
    procedure: fc.oneof(fc.constantFrom(1, 2, 3, 60, 209, 318, 362), fc.integer({ min: -2, max: 500 })),
    type: fc.integer({ min: -1, max: 8 }),
    serial: fc.oneof(fc.constantFrom(0, 1, 2, 3, 4), fc.integer({ min: 0, max: 0xffffffff })),
    status: fc.integer({ min: -1, max: 3 }),
  });
  const item = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(header, hostileBytes).map(([h, p]) => new Uint8Array(rawPacket(h, p))) },
    { weight: 1, arbitrary: fc.tuple(header, hostileBytes, fc.nat(40)).map(([h, p, cut]) => { const b = rawPacket(h, p); return new Uint8Array(b.subarray(0, Math.max(0, b.length - 1 - cut))); }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 32 }) },
  );

  it('hostile packet streams settle every call, stream and the connection; nothing leaks', async () => {
    const before = process.memoryUsage().arrayBuffers;
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 8 }), fc.integer({ min: 1, max: 64 }), async (items, chunkSize) => {
        const peer = new FakePeer();
        const client = new LibvirtRpcClient(peer.clientSide);
        client.onMessage(REMOTE, 318, (r) => void r.string());
        const outcomes: Promise<unknown>[] = [
          client.call(3, null, (r) => r.string()),
          client.call(60, (w) => void w.int(10), (r) => r.int()),
          client.openReadStream(209, null, null).then(({ stream }) => new Promise((resolve) => {
            stream.on('error', resolve).on('close', resolve);
            stream.resume();
          })),
          client.call(2, null, null),
        ].map((p) => p.then(() => 'ok', (e: unknown) => e));
        const bytes = Buffer.concat(items);
        for (let i = 0; i < bytes.length; i += chunkSize) peer.sendRaw(bytes.subarray(i, i + chunkSize));
        peer.end();
        // A watchdog, not a wait: the race ends as soon as everything settled; the timer only names a hang (and
        // lets fast-check shrink the input that caused it) instead of running into the test's timeout.
        let watchdog: NodeJS.Timeout | undefined;
        const settled = await Promise.race([
          Promise.all(outcomes),
          new Promise<'hang'>((resolve) => (watchdog = setTimeout(() => resolve('hang'), 2_000))),
        ]).finally(() => clearTimeout(watchdog));
        expect(settled).not.toBe('hang');
        for (const outcome of settled as unknown[]) {
          const known = outcome === 'ok' || outcome instanceof LibvirtError || outcome instanceof RpcClientError || outcome instanceof ConnectionClosedError;
          if (!known) throw new Error(`unexpected outcome: ${String(outcome)}`);
        }
        const closed = await client.closed;
        expect(closed).toBeInstanceOf(ConnectionClosedError);
        expect(client.inFlight.calls).toBe(0);
        expect(client.inFlight.streams).toBe(0);
      }),
      { numRuns: RUNS },
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
    expect(unexpected).toEqual([]);
  }, 120_000);
});
