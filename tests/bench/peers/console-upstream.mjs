// The upstream of the console benchmark, in a process of its own (as a VNC server would be): a bulk server that
// streams as many bytes as asked for (4-byte big-endian count, then the bytes, honouring back-pressure) and an echo
// server. Prints {"bulk":PORT,"echo":PORT} once listening; exits when stdin closes.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:net';
import process from 'node:process';

const CHUNK = Buffer.alloc(64 * 1024, 0x5a);

const bulk = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => undefined);
  let header = Buffer.alloc(0);
  socket.on('data', (data) => {
    header = Buffer.concat([header, data]);
    while (header.length >= 4) {
      let left = header.readUInt32BE(0);
      header = header.subarray(4);
      const pump = () => {
        while (left > 0) {
          const n = Math.min(left, CHUNK.length);
          left -= n;
          if (!socket.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    }
  });
});

const echo = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => undefined);
  socket.on('data', (data) => socket.write(data));
});

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
const ports = { bulk: await listen(bulk), echo: await listen(echo) };
process.stdout.write(`${JSON.stringify(ports)}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
