/**
 * Writes Kafka's primitive types (big-endian, see "Protocol Primitive Types"
 * in the Kafka protocol guide). Methods chain; {@link Writer.toBuffer} joins
 * the pieces once at the end.
 */
export class Writer {
  #chunks: Buffer[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  #push(chunk: Buffer): this {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    return this;
  }

  #fixed(size: number, write: (buffer: Buffer) => void): this {
    const buffer = Buffer.allocUnsafe(size);
    write(buffer);
    return this.#push(buffer);
  }

  int8(value: number): this {
    return this.#fixed(1, (b) => b.writeInt8(value));
  }

  boolean(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  int16(value: number): this {
    return this.#fixed(2, (b) => b.writeInt16BE(value));
  }

  int32(value: number): this {
    return this.#fixed(4, (b) => b.writeInt32BE(value));
  }

  uint32(value: number): this {
    return this.#fixed(4, (b) => b.writeUInt32BE(value));
  }

  int64(value: bigint | number): this {
    return this.#fixed(8, (b) => b.writeBigInt64BE(BigInt(value)));
  }

  /** Zig-zag varint (record batches v2). */
  varint(value: number): this {
    return this.#unsignedVarint(BigInt.asUintN(32, BigInt((value << 1) ^ (value >> 31))));
  }

  /** Zig-zag varlong (record batches v2). */
  varlong(value: bigint | number): this {
    const v = BigInt.asIntN(64, BigInt(value));
    return this.#unsignedVarint(BigInt.asUintN(64, (v << 1n) ^ (v >> 63n)));
  }

  #unsignedVarint(value: bigint): this {
    const bytes: number[] = [];
    let rest = value;
    while (rest >= 0x80n) {
      bytes.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    bytes.push(Number(rest));
    return this.#push(Buffer.from(bytes));
  }

  raw(buffer: Buffer): this {
    return buffer.length === 0 ? this : this.#push(buffer);
  }

  string(value: string): this {
    return this.nullableString(value);
  }

  nullableString(value: string | null): this {
    if (value === null) return this.int16(-1);
    const encoded = Buffer.from(value, 'utf8');
    return this.int16(encoded.length).raw(encoded);
  }

  nullableBytes(value: Buffer | null): this {
    if (value === null) return this.int32(-1);
    return this.int32(value.length).raw(value);
  }

  bytes(value: Buffer): this {
    return this.nullableBytes(value);
  }

  /** Record-level bytes: varint length, -1 for null. */
  varintBytes(value: Buffer | null): this {
    if (value === null) return this.varint(-1);
    return this.varint(value.length).raw(value);
  }

  array<T>(items: readonly T[], writeItem: (writer: this, item: T) => void): this {
    this.int32(items.length);
    for (const item of items) writeItem(this, item);
    return this;
  }

  /** A null array is written with length -1. */
  nullableArray<T>(items: readonly T[] | null, writeItem: (writer: this, item: T) => void): this {
    return items === null ? this.int32(-1) : this.array(items, writeItem);
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#chunks, this.#size);
  }
}
