import type { Duplex } from 'node:stream';

/** Opens the byte stream that carries libvirt RPC: a unix socket, TCP, or an SSH channel. */
export interface Dialer {
  /** Connect and return a stream carrying exactly the bytes a local libvirt unix socket would. */
  dial(signal?: AbortSignal): Promise<Duplex>;
  /** Human-readable target for errors and logs, e.g. "ssh root@127.0.0.1:2222 → nc -U /run/…/libvirt-sock". */
  describe(): string;
  /** Release anything the dialer holds beyond the streams it returned (e.g. a shared SSH connection). */
  close?(): Promise<void>;
}
