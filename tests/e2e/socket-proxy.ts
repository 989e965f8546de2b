// A unix socket that forwards to another one, and can be shut to make a host "go down" for one app only (the lab's
// daemon is shared: stopping it would pull it from under every other test run).
import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';

/** A running proxy. */
export interface SocketProxy {
  /** Stop listening (the socket file goes) and drop every forwarded connection. */
  close(): Promise<void>;
}

/** Listen on `path` and forward each connection to the unix socket `target`. */
export async function startSocketProxy(path: string, target: string): Promise<SocketProxy> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(target);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    for (const socket of [client, upstream]) socket.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  server.listen(path);
  await once(server, 'listening');
  return {
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open) socket.destroy();
      await closed;
    },
  };
}
