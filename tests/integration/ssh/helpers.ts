// Helpers for the SSH transport's integration tests: raw RPC bytes, socket bookkeeping via `ss`.
import { execFileSync } from 'node:child_process';
import type { Duplex } from 'node:stream';
import { XdrReader, XdrWriter } from '../../../main/libvirt/xdr';

const REMOTE_PROGRAM = 0x20008086;
const AUTH_LIST = 66;

/** An AUTH_LIST call (libvirt-protocol.md §1, §9): 28 bytes, serial 1, void arguments. */
export function authListCall(serial = 1): Uint8Array {
  return new XdrWriter().uint(28).uint(REMOTE_PROGRAM).uint(1).int(AUTH_LIST).int(0).uint(serial).int(0).bytes();
}

/** A decoded reply header plus the AUTH_LIST payload. */
export interface AuthListReply {
  readonly len: number;
  readonly prog: number;
  readonly proc: number;
  readonly type: number;
  readonly serial: number;
  readonly status: number;
  readonly authTypes: number[];
}

/** Sends AUTH_LIST on a fresh stream and reads exactly one reply packet. */
export async function exchangeAuthList(stream: Duplex): Promise<AuthListReply> {
  stream.write(authListCall());
  const packet = await readPacket(stream);
  const r = new XdrReader(packet);
  const header = { len: r.uint(), prog: r.uint(), vers: r.uint(), proc: r.int(), type: r.int(), serial: r.uint(), status: r.int() };
  return { ...header, authTypes: header.status === 0 ? r.array((x) => x.int()) : [] };
}

/** Reads one length-prefixed packet, failing on stream error or EOF. */
export function readPacket(stream: Duplex): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4) return;
      const len = buf.readUInt32BE(0);
      if (buf.length < len) return;
      done();
      resolve(buf.subarray(0, len));
    };
    const onError = (err: Error) => (done(), reject(err));
    const onEnd = () => (done(), reject(new Error(`stream ended after ${buf.length} bytes`)));
    const done = () => {
      stream.off('data', onData);
      stream.off('error', onError);
      stream.off('end', onEnd);
    };
    stream.on('data', onData);
    stream.once('error', onError);
    stream.once('end', onEnd);
  });
}

/** One established TCP connection as `ss` reports it. */
export interface TcpConn {
  readonly localPort: number;
  readonly peerPort: number;
  readonly pids: number[];
}

/** Established TCP connections on loopback to (or from) `port`, with owning pids. */
export function establishedWith(port: number, side: 'dport' | 'sport'): TcpConn[] {
  const out = execFileSync('ss', ['-Htnp', 'state', 'established', `( ${side} = :${port} )`], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, , local, peer] = line.trim().split(/\s+/);
      return {
        localPort: Number(local!.split(':').pop()),
        peerPort: Number(peer!.split(':').pop()),
        pids: [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])),
      };
    });
}

/** Our process's TCP connections to the sshd on `port`. */
export function ourConnectionsTo(port: number): TcpConn[] {
  return establishedWith(port, 'dport').filter((c) => c.pids.includes(process.pid));
}

/** SIGKILLs the sshd processes serving the connection from our `localPort`: the server dies under us. */
export function killSshdSessionFor(sshPort: number, localPort: number): number[] {
  const pids = establishedWith(sshPort, 'sport')
    .filter((c) => c.peerPort === localPort)
    .flatMap((c) => c.pids)
    .filter((pid) => pid !== process.pid);
  for (const pid of new Set(pids)) process.kill(pid, 'SIGKILL');
  return pids;
}
