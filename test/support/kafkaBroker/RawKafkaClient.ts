import { connect, type Socket } from 'node:net';
import { Reader } from './protocol/Reader.ts';
import { Writer } from './protocol/Writer.ts';

interface Pending {
  correlationId: number;
  resolve: (body: Reader) => void;
  reject: (error: Error) => void;
}

/**
 * A bare Kafka protocol client for tests that need what kafkajs will not send:
 * hand-made requests, pipelining, garbage. Responses are matched to requests
 * in order, and a response out of order is an error.
 */
export class RawKafkaClient {
  readonly #socket: Socket;
  readonly #pending: Pending[] = [];
  #received = Buffer.alloc(0);
  #nextCorrelationId = 1;
  /** Resolves when the broker (or the test) closes the connection. */
  readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.#socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => {
      for (const pending of this.#pending.splice(0)) pending.reject(new Error('connection closed'));
    });
    socket.on('error', () => {});
    socket.on('data', (data) => this.#receive(data));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawKafkaClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => {
        socket.off('error', reject);
        resolve(new RawKafkaClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** A request frame (size prefix and header v1 included), without sending it. */
  frame(apiKey: number, apiVersion: number, body: Writer, clientId = 'raw'): { correlationId: number; bytes: Buffer } {
    const correlationId = this.#nextCorrelationId++;
    const payload = new Writer().int16(apiKey).int16(apiVersion).int32(correlationId).nullableString(clientId).raw(body.toBuffer());
    return { correlationId, bytes: new Writer().int32(payload.size).raw(payload.toBuffer()).toBuffer() };
  }

  /** Sends a request and resolves with its response body, after the correlation id. */
  request(apiKey: number, apiVersion: number, body: Writer): Promise<Reader> {
    const { correlationId, bytes } = this.frame(apiKey, apiVersion, body);
    const response = this.expect(correlationId);
    this.write(bytes);
    return response;
  }

  /** Waits for the response to a request sent with {@link write}. */
  expect(correlationId: number): Promise<Reader> {
    return new Promise((resolve, reject) => this.#pending.push({ correlationId, resolve, reject }));
  }

  write(bytes: Buffer): void {
    this.#socket.write(bytes);
  }

  close(): Promise<void> {
    this.#socket.destroy();
    return this.closed;
  }

  #receive(data: Buffer): void {
    this.#received = Buffer.concat([this.#received, data]);
    while (this.#received.length >= 4) {
      const size = this.#received.readInt32BE(0);
      if (this.#received.length < 4 + size) return;
      const frame = new Reader(this.#received.subarray(4, 4 + size));
      this.#received = this.#received.subarray(4 + size);
      const correlationId = frame.int32();
      const pending = this.#pending.shift();
      if (!pending) throw new Error(`unexpected response ${correlationId}`);
      if (pending.correlationId !== correlationId) pending.reject(new Error(`expected response ${pending.correlationId}, got ${correlationId}`));
      else pending.resolve(frame);
    }
  }
}
