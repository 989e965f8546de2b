import { readTextOr } from './files';
import { createConnection, createServer, type Socket } from 'node:net';

/** Connect, wait for the first bytes (or just the connection), then close. */
function probe(connect: () => Socket, wantBytes: boolean, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect();
    let settled = false;
    const finish = (result: string | null): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => finish(null));
    socket.once('error', () => finish(null));
    socket.once('connect', () => {
      if (!wantBytes) finish('');
    });
    socket.once('data', (data: Buffer) => finish(data.toString('latin1')));
    socket.once('close', () => finish(null));
  });
}

/** Whether something accepts connections on a unix socket. */
export async function unixSocketAccepts(path: string, timeoutMs = 2_000): Promise<boolean> {
  return (await probe(() => createConnection({ path }), false, timeoutMs)) !== null;
}

/** Whether an SSH server answers on 127.0.0.1:port (it sends its "SSH-2.0-…" banner first). */
export async function sshBannerOn(port: number, timeoutMs = 2_000): Promise<boolean> {
  const banner = await probe(() => createConnection({ host: '127.0.0.1', port }), true, timeoutMs);
  return banner !== null && banner.startsWith('SSH-');
}

/** A TCP port on 127.0.0.1 that is free right now (the kernel picks it). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('The kernel returned no free port'))));
    });
  });
}

/** TCP ports in LISTEN state on the machine (IPv4 and IPv6), from /proc/net/tcp{,6}. */
export function listeningTcpPorts(): Set<number> {
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readTextOr(table, '').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      // State 0A is TCP_LISTEN.
      if (local === undefined || fields[3] !== '0A') continue;
      ports.add(Number.parseInt(local.split(':')[1] ?? '0', 16));
    }
  }
  return ports;
}

/** Unix socket paths some process listens on, from /proc/net/unix. */
export function listeningUnixSockets(): Set<string> {
  const paths = new Set<string>();
  for (const line of readTextOr('/proc/net/unix', '').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    // Flags 00010000 is __SO_ACCEPTCON: a listening socket.
    if (fields[3] === '00010000' && fields[7] !== undefined) paths.add(fields[7]);
  }
  return paths;
}
