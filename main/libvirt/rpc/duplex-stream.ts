import { Duplex } from 'node:stream';
import { libvirtErrorFromPayload, RpcClientError, UnsupportedByClientError } from '../errors';
import { Limits, MessageType, Status } from './constants';
import type { Packet } from './packet';
import { DeferredError, ReaderPause, sendControl, type StreamEndpoint, type StreamHost, type StreamIdentity } from './stream';

/**
 * A stream that carries data both ways (a domain's console, `DOMAIN_OPEN_CONSOLE`): a Node Duplex.
 *
 * Reading works as in `RpcReadStream`: STREAM/CONTINUE packets are pushed, a zero-length CONTINUE
 * is the daemon's end of file (answered by our finish), STREAM/ERROR errors the stream. When the
 * consumer falls `highWaterMark` bytes behind, the connection's socket is paused, so the console
 * is best opened on a connection of its own (a slow viewer would hold up every other reply).
 *
 * Writing works as in `RpcWriteStream`: each write becomes STREAM/CONTINUE packets and completes
 * when the transport has room. `end()` sends finish (STREAM/OK) once; `destroy()` before the end
 * sends an abort (STREAM/ERROR, empty).
 */
export class RpcDuplexStream extends Duplex implements StreamEndpoint {
  /** Program, procedure and (once bound) serial of the opening call. */
  id: StreamIdentity;
  /** Whether the stream is over for the daemon (finish or abort sent and answered, or it failed). */
  private done = false;
  private finishSent = false;
  private readonly readerPause: ReaderPause;
  private readonly deferred = new DeferredError();

  constructor(
    private readonly host: StreamHost,
    identity: Omit<StreamIdentity, 'serial'>,
    highWaterMark: number,
  ) {
    super({ readableHighWaterMark: highWaterMark, decodeStrings: true, allowHalfOpen: false });
    this.id = { ...identity, serial: 0 };
    this.readerPause = new ReaderPause(host, this);
  }

  bind(serial: number): void {
    this.id = { ...this.id, serial };
  }

  handleStreamPacket(packet: Packet): void {
    if (this.done) return;
    if (packet.type === MessageType.STREAM_HOLE) {
      this.fail(new UnsupportedByClientError(`${this.id.procedureName} sent a sparse-stream hole, which this client does not handle`), true);
      return;
    }
    if (packet.status === Status.ERROR) this.fail(libvirtErrorFromPayload(packet.payload, this.id), false);
    else if (packet.status === Status.OK) this.complete();
    else this.onData(packet.payload);
  }

  handleReply(packet: Packet): void {
    if (packet.status === Status.ERROR) this.fail(libvirtErrorFromPayload(packet.payload, this.id), false);
    else this.complete();
  }

  openFailed(): void {
    this.done = true;
    this.readerPause.resume();
    this.destroy();
  }

  activate(): void {
    this.deferred.activate((e) => this.destroy(e));
  }

  connectionClosed(error: Error): void {
    if (this.done) return;
    this.done = true;
    this.readerPause.resume();
    this.deferred.raise(error, (e) => this.destroy(e));
  }

  override _read(): void {
    this.readerPause.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.sendChunks(chunk).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    // Our side is done writing: tell the daemon once; the readable side ends when it confirms.
    this.sendFinish();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.done) {
      this.done = true;
      if (!this.finishSent) sendControl(this.host, this.id, Status.ERROR);
      this.host.release(this.id.serial);
    }
    this.readerPause.resume();
    callback(error);
  }

  private async sendChunks(chunk: Uint8Array): Promise<void> {
    for (let offset = 0; offset < chunk.length; offset += Limits.STREAM_CHUNK) {
      if (this.done || this.finishSent) throw new RpcClientError(`stream of ${this.id.procedureName} is already closed`);
      const room = this.host.sendStream(this.id, Status.CONTINUE, chunk.subarray(offset, offset + Limits.STREAM_CHUNK));
      if (!room) await this.host.waitForDrain();
    }
  }

  private onData(payload: Uint8Array): void {
    if (payload.length === 0) {
      // The daemon's end of file: answer with our finish and end once it confirms.
      this.sendFinish();
      return;
    }
    if (!this.push(payload)) this.readerPause.pause();
  }

  private sendFinish(): void {
    if (this.done || this.finishSent) return;
    this.finishSent = true;
    sendControl(this.host, this.id, Status.OK);
  }

  private complete(): void {
    if (this.done) return;
    this.done = true;
    this.host.release(this.id.serial);
    this.readerPause.resume();
    this.push(null);
    // The daemon closed its side: nothing we write could reach it any more.
    if (!this.writableEnded) this.end();
  }

  private fail(error: Error, abort: boolean): void {
    if (this.done) return;
    if (abort) sendControl(this.host, this.id, Status.ERROR);
    this.done = true;
    this.host.release(this.id.serial);
    this.readerPause.resume();
    this.deferred.raise(error, (e) => this.destroy(e));
  }
}
