/**
 * A subgraph's HTTP answer, read whole: what the gateway's data sources read
 * of a fetch `Response` (status, headers, body), without the stream a
 * `Response` wraps its body in. Its bytes are only ever read, so answers
 * shared among callers share them.
 */
export class SubgraphAnswer {
  readonly url = '';
  readonly redirected = false;

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    /** The body, only ever read. */
    readonly content: Uint8Array,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  async bytes(): Promise<Uint8Array> {
    return this.content;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.content.slice().buffer as ArrayBuffer;
  }

  async text(): Promise<string> {
    return decodeUtf8(this.content);
  }

  async json(): Promise<unknown> {
    return JSON.parse(decodeUtf8(this.content));
  }

  /** As a `Response`, for the code typed on fetch's. */
  asResponse(): Response {
    return this as unknown as Response;
  }
}

/** A fetch answer's body as bytes, without a copy when it is a `SubgraphAnswer`. */
export async function bytesOf(response: Response): Promise<Uint8Array> {
  const answer: unknown = response;
  return answer instanceof SubgraphAnswer ? answer.bytes() : new Uint8Array(await response.arrayBuffer());
}

/** UTF-8 bytes as a string, by Node's own decoder, straight from the bytes (no copy, no stream). */
export function decodeUtf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
