/** Thrown when a request does not parse: the connection that sent it gets closed. */
export class MalformedRequestError extends Error {
  override name = 'MalformedRequestError';
}

/**
 * Reads Kafka's primitive types (big-endian, see "Protocol Primitive Types" in
 * the Kafka protocol guide) from a buffer, front to back. Reading past the
 * end throws a {@link MalformedRequestError} instead of returning garbage.
 */
export class Reader {
  #offset = 0;

  constructor(private readonly buffer: Buffer) {}

  /** Bytes not read yet. */
  get remaining(): number {
    return this.buffer.length - this.#offset;
  }

  get offset(): number {
    return this.#offset;
  }

  #take(size: number): number {
    if (size < 0 || this.#offset + size > this.buffer.length) {
      throw new MalformedRequestError(`wanted ${size} bytes at ${this.#offset}, only ${this.remaining} left`);
    }
    const at = this.#offset;
    this.#offset += size;
    return at;
  }

  int8(): number {
    return this.buffer.readInt8(this.#take(1));
  }

  boolean(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    return this.buffer.readInt16BE(this.#take(2));
  }

  int32(): number {
    return this.buffer.readInt32BE(this.#take(4));
  }

  uint32(): number {
    return this.buffer.readUInt32BE(this.#take(4));
  }

  int64(): bigint {
    return this.buffer.readBigInt64BE(this.#take(8));
  }

  /** An int64 that must fit a JS number exactly (offsets, timestamps). */
  int64Number(): number {
    const value = this.int64();
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new MalformedRequestError(`int64 ${value} does not fit a safe integer`);
    }
    return Number(value);
  }

  /** Zig-zag encoded varint, as in record batches v2 (protobuf style). */
  varint(): number {
    const raw = this.#unsignedVarint(5);
    return Number((raw >> 1n) ^ -(raw & 1n));
  }

  /** Zig-zag encoded varlong. */
  varlong(): bigint {
    const raw = this.#unsignedVarint(10);
    return BigInt.asIntN(64, (raw >> 1n) ^ -(raw & 1n));
  }

  #unsignedVarint(maxBytes: number): bigint {
    let result = 0n;
    for (let i = 0; i < maxBytes; i++) {
      const byte = this.buffer.readUInt8(this.#take(1));
      result |= BigInt(byte & 0x7f) << BigInt(7 * i);
      if ((byte & 0x80) === 0) return result;
    }
    throw new MalformedRequestError(`varint longer than ${maxBytes} bytes`);
  }

  raw(size: number): Buffer {
    const at = this.#take(size);
    return this.buffer.subarray(at, at + size);
  }

  /** The rest of the buffer. */
  rest(): Buffer {
    return this.raw(this.remaining);
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) throw new MalformedRequestError('null where a string is required');
    return value;
  }

  nullableString(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    return this.raw(length).toString('utf8');
  }

  nullableBytes(): Buffer | null {
    const length = this.int32();
    if (length < 0) return null;
    return this.raw(length);
  }

  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }

  /** Record-level bytes: varint length, -1 for null. */
  varintBytes(): Buffer | null {
    const length = this.varint();
    if (length < 0) return null;
    return this.raw(length);
  }

  /** An array; a null array (length -1) reads as `null`. */
  nullableArray<T>(readItem: (reader: Reader) => T): T[] | null {
    const length = this.int32();
    if (length < 0) return null;
    // Each item takes at least one byte: refuse counts the frame cannot hold.
    if (length > this.remaining) throw new MalformedRequestError(`array of ${length} in ${this.remaining} bytes`);
    const items: T[] = [];
    for (let i = 0; i < length; i++) items.push(readItem(this));
    return items;
  }

  array<T>(readItem: (reader: Reader) => T): T[] {
    return this.nullableArray(readItem) ?? [];
  }
}
