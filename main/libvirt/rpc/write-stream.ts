import { Writable } from 'node:stream';
import { libvirtErrorFromPayload, RpcClientError } from '../errors';
import { Limits, Status } from './constants';
import type { Packet } from './packet';
import { DeferredError, sendControl, type StreamEndpoint, type StreamHost, type StreamIdentity, type StreamState } from './stream';

/**
 * A write stream (volume upload): a Node Writable whose data becomes STREAM/CONTINUE packets of
 * at most 262 120 bytes (libvirt's own chunk size). Each write completes only when the transport
 * has room again, so a fast producer is held back by the socket or SSH channel.
 *
 * `end()` sends finish (STREAM/OK, empty) and 'finish' fires only after the daemon confirms with
 * STREAM/OK; a daemon error fails it instead. The daemon may send STREAM/ERROR at any time (disk
 * full, …): the stream then errors with that LibvirtError and later writes fail. `destroy()`
 * before the end sends an abort (STREAM/ERROR, empty).
 */
export class RpcWriteStream extends Writable implements StreamEndpoint {
  /** Program, procedure and (once bound) serial of the opening call. */
  id: StreamIdentity;
  private state: StreamState = 'open';
  private serverError: Error | null = null;
  private finalCallback: ((error?: Error | null) => void) | null = null;
  private readonly deferred = new DeferredError();

  constructor(
    private readonly host: StreamHost,
    identity: Omit<StreamIdentity, 'serial'>,
  ) {
    super({ decodeStrings: true });
    this.id = { ...identity, serial: 0 };
  }

  bind(serial: number): void {
    this.id = { ...this.id, serial };
  }

  handleStreamPacket(packet: Packet): void {
    // Data or holes from the daemon mean nothing on an upload; only its verdicts matter.
    if (packet.status === Status.ERROR) this.fail(libvirtErrorFromPayload(packet.payload, this.id));
    else if (packet.status === Status.OK) this.confirmed();
  }

  handleReply(packet: Packet): void {
    if (packet.status === Status.ERROR) this.fail(libvirtErrorFromPayload(packet.payload, this.id));
    else this.confirmed();
  }

  openFailed(): void {
    this.state = 'done';
    this.destroy();
  }

  activate(): void {
    this.deferred.activate((e) => this.destroy(e));
  }

  connectionClosed(error: Error): void {
    this.fail(error);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.sendChunks(chunk).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.serverError !== null) {
      callback(this.serverError);
      return;
    }
    if (this.state !== 'open') {
      callback(new RpcClientError(`stream of ${this.id.procedureName} is already closed`));
      return;
    }
    this.state = 'finishing';
    this.finalCallback = callback;
    try {
      this.host.sendStream(this.id, Status.OK);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.state !== 'done') {
      this.state = 'done';
      sendControl(this.host, this.id, Status.ERROR);
      this.host.release(this.id.serial);
    }
    callback(error);
  }

  private async sendChunks(chunk: Uint8Array): Promise<void> {
    for (let offset = 0; offset < chunk.length; offset += Limits.STREAM_CHUNK) {
      if (this.serverError !== null) throw this.serverError;
      if (this.state !== 'open') throw new RpcClientError(`stream of ${this.id.procedureName} is already closed`);
      const room = this.host.sendStream(this.id, Status.CONTINUE, chunk.subarray(offset, offset + Limits.STREAM_CHUNK));
      if (!room) await this.host.waitForDrain();
    }
  }

  private confirmed(): void {
    if (this.state !== 'finishing') return;
    this.state = 'done';
    this.host.release(this.id.serial);
    const callback = this.finalCallback;
    this.finalCallback = null;
    callback?.();
  }

  private fail(error: Error): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.serverError = error;
    this.host.release(this.id.serial);
    const callback = this.finalCallback;
    this.finalCallback = null;
    if (callback !== null) callback(error);
    else this.deferred.raise(error, (e) => this.destroy(e));
  }
}
