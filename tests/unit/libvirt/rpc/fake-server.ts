// An in-process fake libvirt peer for protocol edge cases a real daemon will not produce
// (garbage, truncation, odd replies, silence). It parses with its own minimal code, not the
// client's framer, so a framer bug cannot hide itself.
import { duplexPair, type Duplex } from 'node:stream';
import { afterEach } from 'vitest';
import { LibvirtRpcClient, type RpcClientOptions } from '../../../../main/libvirt/rpc/client';
import { XdrWriter } from '../../../../main/libvirt/xdr';

/** A packet as the fake peer saw it. */
export interface SeenPacket {
  readonly program: number;
  readonly version: number;
  readonly procedure: number;
  readonly type: number;
  readonly serial: number;
  readonly status: number;
  readonly payload: Buffer;
}

/** Header fields for packets the fake sends. */
export interface FakeHeader {
  readonly program?: number;
  readonly version?: number;
  readonly procedure: number;
  readonly type: number;
  readonly serial: number;
  readonly status?: number;
}

export const REMOTE = 0x20008086;
export const KEEPALIVE = 0x6b656570;

/** Build raw packet bytes (independent of the client's encoder). */
export function rawPacket(h: FakeHeader, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const out = Buffer.alloc(28 + payload.length);
  out.writeUInt32BE(28 + payload.length, 0);
  out.writeUInt32BE(h.program ?? REMOTE, 4);
  out.writeUInt32BE(h.version ?? 1, 8);
  out.writeInt32BE(h.procedure, 12);
  out.writeInt32BE(h.type, 16);
  out.writeUInt32BE(h.serial, 20);
  out.writeInt32BE(h.status ?? 0, 24);
  Buffer.from(payload.buffer, payload.byteOffset, payload.length).copy(out, 28);
  return out;
}

/** Encode a libvirt error structure as the daemon would. */
export function errorPayload(code: number, domain: number, message: string | null, extra: { str1?: string; int1?: number } = {}): Uint8Array {
  const w = new XdrWriter();
  w.int(code).int(domain);
  w.optional(message, (x, v) => x.string(v));
  w.int(2); // level ERROR
  w.uint(0); // dom
  w.optional(extra.str1, (x, v) => x.string(v));
  w.uint(0).uint(0); // str2, str3
  w.int(extra.int1 ?? 0).int(0);
  w.uint(0); // net
  return w.bytes().slice();
}

/** Payload encoder shortcut. */
export function xdr(build: (w: XdrWriter) => void): Uint8Array {
  const w = new XdrWriter();
  build(w);
  return w.bytes().slice();
}

/** The fake daemon's end of an in-memory duplex pair. */
export class FakePeer {
  /** Give this to the client. */
  readonly clientSide: Duplex;
  readonly serverSide: Duplex;
  readonly received: SeenPacket[] = [];
  private buffer = Buffer.alloc(0);
  private waiters: { match: (p: SeenPacket) => boolean; resolve: (p: SeenPacket) => void }[] = [];
  private cursor = 0;
  /** Answer keepalive PINGs from the client automatically. */
  autoPong = true;

  constructor() {
    const [a, b] = duplexPair();
    this.clientSide = a;
    this.serverSide = b;
    b.on('data', (chunk: Buffer) => this.onData(chunk));
    b.on('error', () => undefined);
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 4) {
      const len = this.buffer.readUInt32BE(0);
      if (this.buffer.length < len) return;
      const p: SeenPacket = {
        program: this.buffer.readUInt32BE(4),
        version: this.buffer.readUInt32BE(8),
        procedure: this.buffer.readInt32BE(12),
        type: this.buffer.readInt32BE(16),
        serial: this.buffer.readUInt32BE(20),
        status: this.buffer.readInt32BE(24),
        payload: Buffer.from(this.buffer.subarray(28, len)),
      };
      this.buffer = this.buffer.subarray(len);
      if (this.autoPong && p.program === KEEPALIVE && p.procedure === 1) {
        this.send({ program: KEEPALIVE, procedure: 2, type: 2, serial: 0 });
      }
      this.received.push(p);
      const i = this.waiters.findIndex((w) => w.match(p));
      if (i >= 0) {
        const [w] = this.waiters.splice(i, 1);
        this.cursor = this.received.length;
        w!.resolve(p);
      }
    }
  }

  /** The next packet (after the last one returned) that matches; waits for it if needed. */
  next(match: (p: SeenPacket) => boolean = () => true): Promise<SeenPacket> {
    for (let i = this.cursor; i < this.received.length; i++) {
      const p = this.received[i]!;
      if (match(p)) {
        this.cursor = i + 1;
        return Promise.resolve(p);
      }
    }
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Next CALL packet. */
  nextCall(procedure?: number): Promise<SeenPacket> {
    return this.next((p) => p.type === 0 && (procedure === undefined || p.procedure === procedure));
  }

  send(h: FakeHeader, payload?: Uint8Array): void {
    this.serverSide.write(rawPacket(h, payload));
  }

  sendRaw(bytes: Uint8Array): void {
    this.serverSide.write(bytes);
  }

  /** REPLY/OK to a call. */
  reply(call: SeenPacket, payload?: Uint8Array): void {
    this.send({ program: call.program, procedure: call.procedure, type: 1, serial: call.serial, status: 0 }, payload);
  }

  /** REPLY/ERROR to a call. */
  replyError(call: SeenPacket, code: number, message: string, domain = 12): void {
    this.send({ program: call.program, procedure: call.procedure, type: 1, serial: call.serial, status: 1 }, errorPayload(code, domain, message));
  }

  /** Answer the handshake of openConnection with the given auth list and feature answers. */
  async serveHandshake(opts: { auth?: number[]; features?: Record<number, number>; uri?: string } = {}): Promise<void> {
    const auth = opts.auth ?? [0];
    const features = opts.features ?? { 10: 1, 14: 1, 15: 1 };
    for (;;) {
      const call = await this.nextCall();
      switch (call.procedure) {
        case 66:
          this.reply(call, xdr((w) => w.array(auth, (x, v) => x.int(v))));
          break;
        case 70:
          this.reply(call, xdr((w) => w.int(1)));
          break;
        case 60: {
          const feature = call.payload.readInt32BE(0);
          const answer = features[feature] ?? 0;
          this.reply(call, xdr((w) => w.int(answer)));
          // The last probe: without the close callback the handshake ends here.
          if (feature === 15 && answer !== 1) return;
          break;
        }
        case 110:
          this.reply(call, xdr((w) => w.string(opts.uri ?? 'test:///default')));
          break;
        case 1:
          this.reply(call);
          break;
        case 360:
          this.reply(call);
          return;
        default:
          throw new Error(`fake handshake: unexpected procedure ${call.procedure}`);
      }
    }
  }

  end(): void {
    this.serverSide.end();
  }

  destroy(): void {
    this.serverSide.destroy();
  }
}

/**
 * Per-test clients on fresh fake peers, destroyed after each test. Call once at the top of a
 * test file; it registers the afterEach hook.
 */
export function fakeClients(): (options?: RpcClientOptions) => { peer: FakePeer; client: LibvirtRpcClient } {
  let clients: LibvirtRpcClient[] = [];
  afterEach(() => {
    for (const c of clients) c.destroy();
    clients = [];
  });
  return (options = {}) => {
    const peer = new FakePeer();
    const client = new LibvirtRpcClient(peer.clientSide, options);
    clients.push(client);
    return { peer, client };
  };
}
