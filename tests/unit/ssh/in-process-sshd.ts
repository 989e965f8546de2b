import { createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { Server, utils, type AuthContext, type ServerChannel } from 'ssh2';

/**
 * A small SSH server inside the test process, for what the lab's sshd cannot do by design (it is
 * key-only): password and keyboard-interactive prompts, and a peer that stops answering keepalives.
 * Everything that a real sshd can show is tested against the lab instead.
 */
export interface InProcessSshd {
  readonly port: number;
  /** "ssh-ed25519 AAAA…" of the server's host key. */
  readonly hostPublicKey: string;
  /** Raw TCP connections accepted so far. */
  readonly sockets: readonly Socket[];
  /** Stop reading from every connection: keepalives go unanswered, as with a hung host. */
  freeze(): void;
  close(): Promise<void>;
}

/** Server behaviour. */
export interface InProcessSshdOptions {
  readonly password?: string;
  /** keyboard-interactive: one prompt, this answer. */
  readonly otp?: string;
  /** Authorized public key lines ("ssh-ed25519 AAAA…"). */
  readonly authorizedKeys?: readonly string[];
  /** Exec behaviour; default echoes stdin and exits 0 at EOF. */
  readonly onExec?: (command: string, channel: ServerChannel) => void;
}

/** Starts the server on a free loopback port. */
export async function startInProcessSshd(options: InProcessSshdOptions): Promise<InProcessSshd> {
  const hostKey = utils.generateKeyPairSync('ed25519');
  const methods = [
    ...(options.authorizedKeys?.length ? (['publickey'] as const) : []),
    ...(options.otp ? (['keyboard-interactive'] as const) : []),
    ...(options.password ? (['password'] as const) : []),
  ];
  const authorized = (options.authorizedKeys ?? []).map((line) => {
    const key = utils.parseKey(line);
    if (key instanceof Error) throw key;
    return key;
  });
  const sockets: Socket[] = [];

  const ssh = new Server({ hostKeys: [hostKey.private] }, (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx: AuthContext) => {
      if (ctx.method === 'password' && ctx.password === options.password) return ctx.accept();
      if (ctx.method === 'keyboard-interactive' && options.otp) {
        return ctx.prompt([{ prompt: 'Verification code: ', echo: false }], 'OTP', (answers) => {
          if (answers[0] === options.otp) ctx.accept();
          else ctx.reject([...methods]);
        });
      }
      const key = ctx.method === 'publickey' ? authorized.find((k) => ctx.key.data.equals(k.getPublicSSH())) : undefined;
      if (ctx.method === 'publickey' && key) {
        if (!ctx.signature) return ctx.accept();
        if (ctx.blob && key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
      }
      ctx.reject([...methods]);
    });
    client.on('session', (accept) => {
      const session = accept();
      session.on('exec', (acceptExec, _reject, info) => {
        const channel = acceptExec();
        if (options.onExec) return options.onExec(info.command, channel);
        channel.pipe(channel);
        channel.on('end', () => {
          channel.exit(0);
          channel.end();
        });
      });
    });
  });

  const server: NetServer = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    ssh.injectSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hostPublicKey: hostKey.public.split(' ').slice(0, 2).join(' '),
    sockets,
    freeze: () => {
      for (const s of sockets) s.pause();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
