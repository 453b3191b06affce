/**
 * A subgraph's HTTP answer, read whole: what the gateway's data sources read
 * of a fetch `Response` (status, headers, body), without the stream a
 * `Response` wraps its body in. Its bytes are only ever read, so answers
 * shared among callers share them.
 */
export class SubgraphAnswer {
  readonly url = '';
  readonly redirected = false;

  /** Built the first time something asks for them. */
  private built: Headers | undefined;

  constructor(
    readonly status: number,
    readonly statusText: string,
    /** As a `Headers`, or as Node gives them (`rawHeaders`: name, value, name, value…), read as they are until `headers` is asked for. */
    readonly rawHeaders: Headers | readonly string[],
    /** The body, only ever read. */
    readonly content: Uint8Array,
  ) {}

  /** The headers as fetch's `Headers`: built on first use (the gateway's own path reads `header` instead). */
  get headers(): Headers {
    if (this.built) return this.built;
    const { rawHeaders } = this;
    if (rawHeaders instanceof Headers) return (this.built = rawHeaders);
    const headers = new Headers();
    for (let index = 0; index < rawHeaders.length; index += 2) headers.append(rawHeaders[index]!, rawHeaders[index + 1]!);
    return (this.built = headers);
  }

  /** One header as `Headers.get` gives it (any case; several values joined by ", "), without building `Headers`. */
  header(name: string): string | null {
    const { rawHeaders } = this;
    if (rawHeaders instanceof Headers) return rawHeaders.get(name);
    const wanted = name.toLowerCase();
    let value: string | null = null;
    for (let index = 0; index < rawHeaders.length; index += 2) {
      if (rawHeaders[index]!.toLowerCase() === wanted) value = value === null ? rawHeaders[index + 1]! : `${value}, ${rawHeaders[index + 1]!}`;
    }
    return value;
  }

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

/** A fetch answer's headers, to build another answer on: a `SubgraphAnswer`'s as they are (not built), any other's copied. */
export function headersOf(response: Response): SubgraphAnswer['rawHeaders'] {
  const answer: unknown = response;
  return answer instanceof SubgraphAnswer ? answer.rawHeaders : new Headers(response.headers);
}

/** A header of a fetch answer, from a `SubgraphAnswer` without building its `Headers`. */
export function headerOf(response: Response, name: string): string | null {
  const answer: unknown = response;
  return answer instanceof SubgraphAnswer ? answer.header(name) : response.headers.get(name);
}

/** UTF-8 bytes as a string, by Node's own decoder, straight from the bytes (no copy, no stream). */
export function decodeUtf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
