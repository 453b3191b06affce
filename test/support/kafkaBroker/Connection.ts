import type { Socket } from 'node:net';
import type { ConnectionInfo } from './dispatch.ts';

/** Frames larger than this close the connection (Kafka's socket.request.max.bytes is 100 MiB). */
export const MAX_FRAME_BYTES = 100 * 1024 * 1024;
const SIZE_BYTES = 4;

/** Answers one request frame with a response frame, or `null` for none. */
export type FrameHandler = (frame: Buffer, connection: ConnectionInfo) => Promise<Buffer | null>;

/**
 * One client connection: cuts the byte stream into size-prefixed frames and
 * answers them one at a time, in order, as Kafka does (a broker reads the next
 * request of a connection only after answering the previous one, so pipelined
 * requests get their responses in order). Anything that cannot be answered
 * (a bad size, an unparseable request) closes this connection only.
 */
export class Connection {
  readonly #socket: Socket;
  readonly #handle: FrameHandler;
  readonly #aborter = new AbortController();
  readonly #info: ConnectionInfo;
  #chunks: Buffer[] = [];
  #buffered = 0;
  readonly #frames: Buffer[] = [];
  #answering = false;
  /** Resolves once the socket has closed. */
  readonly closed: Promise<void>;

  constructor(socket: Socket, handle: FrameHandler) {
    this.#socket = socket;
    this.#handle = handle;
    this.#info = { clientHost: socket.remoteAddress ?? '', signal: this.#aborter.signal, session: {} };
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => this.#aborter.abort());
    socket.setNoDelay(true);
    socket.on('error', () => {}); // a reset by the client only ends this connection
    socket.on('data', (data) => this.#receive(data));
  }

  get isOpen(): boolean {
    return !this.#socket.destroyed;
  }

  close(): void {
    this.#socket.destroy();
  }

  #receive(data: Buffer): void {
    this.#chunks.push(data);
    this.#buffered += data.length;
    while (this.#buffered >= SIZE_BYTES) {
      if (this.#chunks[0]!.length < SIZE_BYTES) this.#chunks = [Buffer.concat(this.#chunks, this.#buffered)];
      const size = this.#chunks[0]!.readInt32BE(0);
      if (size < 0 || size > MAX_FRAME_BYTES) return this.close();
      if (this.#buffered < SIZE_BYTES + size) break;
      // Join the chunks only once a frame is complete, so a large frame is copied once.
      const joined = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#buffered);
      this.#frames.push(joined.subarray(SIZE_BYTES, SIZE_BYTES + size));
      const rest = joined.subarray(SIZE_BYTES + size);
      this.#chunks = rest.length > 0 ? [rest] : [];
      this.#buffered = rest.length;
    }
    void this.#answerAll();
  }

  async #answerAll(): Promise<void> {
    if (this.#answering) return;
    this.#answering = true;
    try {
      for (let frame = this.#frames.shift(); frame && this.isOpen; frame = this.#frames.shift()) {
        const response = await this.#handle(frame, this.#info);
        if (response && this.isOpen) this.#socket.write(response);
      }
    } catch {
      this.close();
    } finally {
      this.#answering = false;
    }
  }
}
