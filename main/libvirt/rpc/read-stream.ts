import { Readable } from 'node:stream';
import { libvirtErrorFromPayload, UnsupportedByClientError } from '../errors';
import { MessageType, Status } from './constants';
import type { Packet } from './packet';
import { DeferredError, ReaderPause, sendControl, type StreamEndpoint, type StreamHost, type StreamIdentity, type StreamState } from './stream';

/** Default bytes buffered for a slow consumer before we stop reading the socket. */
export const DEFAULT_STREAM_HIGH_WATER_MARK = 1024 * 1024;

/**
 * A read stream (volume download, screenshot): server → client data as a Node Readable.
 *
 * Protocol: data arrives as STREAM/CONTINUE; a zero-length CONTINUE is end of file, answered by
 * our finish (STREAM/OK, empty); the daemon's STREAM/OK confirms and only then does the
 * Readable end. STREAM/ERROR makes it error with a LibvirtError. `destroy()` before the end sends
 * an abort (STREAM/ERROR, empty).
 *
 * Flow control: libvirt has no stream window, the daemon sends as fast as the socket takes it.
 * When the consumer falls `highWaterMark` bytes behind we pause reading the whole socket, and
 * resume when it reads again, so memory stays bounded. While paused, replies to other calls
 * wait too (one byte stream), and our keepalive does not count the pause as silence.
 */
export class RpcReadStream extends Readable implements StreamEndpoint {
  /** Program, procedure and (once bound) serial of the opening call. */
  id: StreamIdentity;
  private state: StreamState = 'open';
  private readonly readerPause: ReaderPause;
  private readonly deferred = new DeferredError();

  constructor(
    private readonly host: StreamHost,
    identity: Omit<StreamIdentity, 'serial'>,
    highWaterMark = DEFAULT_STREAM_HIGH_WATER_MARK,
  ) {
    super({ highWaterMark });
    this.id = { ...identity, serial: 0 };
    this.readerPause = new ReaderPause(host, this);
  }

  bind(serial: number): void {
    this.id = { ...this.id, serial };
  }

  handleStreamPacket(packet: Packet): void {
    if (this.state === 'done') return;
    if (packet.type === MessageType.STREAM_HOLE) {
      this.fail(new UnsupportedByClientError(`${this.id.procedureName} sent a sparse-stream hole, which this client does not handle; open the stream without the SPARSE_STREAM flag`), true);
      return;
    }
    if (packet.status === Status.ERROR) {
      this.fail(libvirtErrorFromPayload(packet.payload, this.id), false);
    } else if (packet.status === Status.OK) {
      this.complete();
    } else if (this.state === 'open') {
      this.onData(packet.payload);
    }
  }

  handleReply(packet: Packet): void {
    if (packet.status === Status.ERROR) this.fail(libvirtErrorFromPayload(packet.payload, this.id), false);
    else this.complete();
  }

  openFailed(): void {
    this.state = 'done';
    this.readerPause.resume();
    this.destroy();
  }

  activate(): void {
    this.deferred.activate((e) => this.destroy(e));
  }

  connectionClosed(error: Error): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.readerPause.resume();
    this.deferred.raise(error, (e) => this.destroy(e));
  }

  override _read(): void {
    this.readerPause.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Destroyed by the consumer before the end: tell the daemon to stop sending.
    if (this.state === 'open') this.abort();
    this.state = 'done';
    this.readerPause.resume();
    callback(error);
  }

  private onData(payload: Uint8Array): void {
    if (payload.length === 0) {
      // End of file: send our finish and wait for the daemon's confirmation before ending.
      this.state = 'finishing';
      sendControl(this.host, this.id, Status.OK);
      return;
    }
    if (!this.push(payload)) this.readerPause.pause();
  }

  private complete(): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.host.release(this.id.serial);
    this.readerPause.resume();
    this.push(null);
  }

  private fail(error: Error, abort: boolean): void {
    if (this.state === 'done') return;
    if (abort) this.abort();
    this.state = 'done';
    this.host.release(this.id.serial);
    this.readerPause.resume();
    this.deferred.raise(error, (e) => this.destroy(e));
  }

  private abort(): void {
    sendControl(this.host, this.id, Status.ERROR);
    this.host.release(this.id.serial);
  }
}
