// A TCP peer that never answers, for real: a listener with a backlog of 0 that never accepts, its queue filled,
// so the kernel drops our SYN and the connect hangs like an unresponsive host. Node accepts every connection it
// is offered, so the peer is a python3 process (an outside process: this is why it is not a unit test).
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { DialError, TcpDialer } from '../../../../main/libvirt/transport';

const PEER = [
  'import socket, time',
  's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)',
  // A backlog of 0 holds one connection: once this one is in, every later SYN is dropped. The port is printed after
  // it, so the test never races the filling.
  'fill = socket.create_connection(s.getsockname())',
  'print(s.getsockname()[1], flush=True)',
  'time.sleep(60)',
].join('\n');

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

describe('TcpDialer against a peer that never answers', () => {
  it('times out with the limit in the message', async () => {
    const child = spawn('/usr/bin/python3', ['-c', PEER], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const port = Number(await new Promise<string>((resolve) => child.stdout?.once('data', (d: Buffer) => resolve(d.toString()))));
    const err = (await new TcpDialer('127.0.0.1', port, { timeoutMs: 300 }).dial().catch((e: unknown) => e)) as DialError;
    expect(err).toBeInstanceOf(DialError);
    expect(err.code).toBe('ETIMEDOUT');
    expect(err.message).toMatch(/timed out after 300 ms/);
  });
});
