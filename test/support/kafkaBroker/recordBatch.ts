import { gunzipSync, gzipSync } from 'node:zlib';
import { crc32c } from '../../../eventlog/embedded/crc32c.ts';
import { ErrorCode } from './protocol/errorCodes.ts';
import { Reader } from './protocol/Reader.ts';
import { Writer } from './protocol/Writer.ts';

/*
 * Record batches, magic 2 (see "Record Batch" in the Kafka message format docs):
 *   baseOffset int64, batchLength int32, partitionLeaderEpoch int32, magic int8,
 *   crc uint32, attributes int16, lastOffsetDelta int32, baseTimestamp int64,
 *   maxTimestamp int64, producerId int64, producerEpoch int16, baseSequence int32,
 *   records [Record]
 * batchLength counts the bytes after itself; the CRC covers attributes to the end,
 * which is why a broker may rewrite baseOffset and the leader epoch without
 * recomputing it.
 */
const BASE_OFFSET_BYTES = 8;
const LENGTH_BYTES = 4;
/** Bytes before the records array's count, counted from the start of the batch. */
const LOG_OVERHEAD = BASE_OFFSET_BYTES + LENGTH_BYTES;
const CRC_OFFSET = LOG_OVERHEAD + 4 + 1;
const ATTRIBUTES_OFFSET = CRC_OFFSET + 4;
/** The smallest batch: the header plus an empty records array. */
export const RECORD_BATCH_OVERHEAD = 61;
const MAGIC = 2;
const MAX_DECOMPRESSED_BYTES = 100 * 1024 * 1024;

const COMPRESSION_MASK = 0x07;
const Compression = { none: 0, gzip: 1 } as const;
/** The codecs this broker reads and writes: none and gzip. */
export type CompressionName = keyof typeof Compression;

/** A record header; Kafka header values may be null. */
export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

/** One record of a batch, with its deltas relative to the batch. */
export interface BatchRecord {
  attributes: number;
  timestampDelta: number;
  offsetDelta: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

/** A decoded record batch. Producer fields are opaque to this broker. */
export interface RecordBatch {
  baseOffset: number;
  partitionLeaderEpoch: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  records: BatchRecord[];
}

/** A batch that cannot be accepted, with the error code Produce answers for it. */
export class RecordBatchError extends Error {
  override name = 'RecordBatchError';
  constructor(
    readonly errorCode: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const corrupt = (message: string) => new RecordBatchError(ErrorCode.CORRUPT_MESSAGE, message);

/** Cuts a record set (several batches back to back) into whole batches. */
export function splitRecordBatches(recordSet: Buffer): Buffer[] {
  const batches: Buffer[] = [];
  let at = 0;
  while (at < recordSet.length) {
    if (recordSet.length - at < LOG_OVERHEAD) throw corrupt('truncated record batch header');
    const length = recordSet.readInt32BE(at + BASE_OFFSET_BYTES);
    const end = at + LOG_OVERHEAD + length;
    if (length < RECORD_BATCH_OVERHEAD - LOG_OVERHEAD || end > recordSet.length) throw corrupt(`bad record batch length ${length}`);
    batches.push(recordSet.subarray(at, end));
    at = end;
  }
  return batches;
}

/** Decodes and validates one batch: magic 2, CRC-32C, compression none or gzip, whole records. */
export function decodeRecordBatch(batch: Buffer): RecordBatch {
  if (batch.length < RECORD_BATCH_OVERHEAD) throw corrupt('record batch shorter than its header');
  const reader = new Reader(batch);
  const baseOffset = reader.int64Number();
  reader.int32(); // batchLength, checked by splitRecordBatches
  const partitionLeaderEpoch = reader.int32();
  const magic = reader.int8();
  if (magic !== MAGIC) throw corrupt(`unsupported magic ${magic}`);
  const crc = reader.uint32();
  if (crc32c(batch.subarray(ATTRIBUTES_OFFSET)) !== crc) throw corrupt('CRC-32C mismatch');
  try {
    const header = {
      baseOffset,
      partitionLeaderEpoch,
      attributes: reader.int16(),
      lastOffsetDelta: reader.int32(),
      baseTimestamp: reader.int64Number(),
      maxTimestamp: reader.int64Number(),
      producerId: reader.int64(),
      producerEpoch: reader.int16(),
      baseSequence: reader.int32(),
    };
    const count = reader.int32();
    const records = readRecords(new Reader(decompress(header.attributes, reader.rest())), count);
    if (count < 1 || header.lastOffsetDelta !== count - 1) throw corrupt(`${count} records but lastOffsetDelta ${header.lastOffsetDelta}`);
    return { ...header, records };
  } catch (error) {
    if (error instanceof RecordBatchError) throw error;
    throw corrupt(`undecodable records: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function decompress(attributes: number, data: Buffer): Buffer {
  const codec = attributes & COMPRESSION_MASK;
  if (codec === Compression.none) return data;
  if (codec === Compression.gzip) return gunzipSync(data, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
  throw new RecordBatchError(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `compression codec ${codec} is not supported`);
}

function readRecords(reader: Reader, count: number): BatchRecord[] {
  const records: BatchRecord[] = [];
  for (let i = 0; i < count; i++) {
    const length = reader.varint();
    const body = new Reader(reader.raw(length));
    records.push({
      attributes: body.int8(),
      timestampDelta: Number(body.varlong()),
      offsetDelta: body.varint(),
      key: body.varintBytes(),
      value: body.varintBytes(),
      headers: readHeaders(body),
    });
    if (body.remaining !== 0) throw corrupt(`record ${i} has ${body.remaining} trailing bytes`);
  }
  if (reader.remaining !== 0) throw corrupt(`${reader.remaining} bytes after the last record`);
  return records;
}

function readHeaders(reader: Reader): RecordHeader[] {
  const count = reader.varint();
  const headers: RecordHeader[] = [];
  for (let i = 0; i < count; i++) {
    const key = reader.varintBytes();
    if (key === null) throw corrupt('null header key');
    headers.push({ key: key.toString('utf8'), value: reader.varintBytes() });
  }
  return headers;
}

/** A record to encode; timestamps are absolute here. */
export interface NewRecord {
  key?: Buffer | null;
  value: Buffer | null;
  headers?: RecordHeader[];
  timestamp: number;
}

/** Options for {@link encodeRecordBatch}; producer fields default to "not idempotent". */
export interface EncodeOptions {
  baseOffset?: number;
  compression?: CompressionName;
  producerId?: bigint;
  producerEpoch?: number;
  baseSequence?: number;
}

/** Encodes records as one magic 2 batch, with a correct CRC-32C. */
export function encodeRecordBatch(records: readonly NewRecord[], options: EncodeOptions = {}): Buffer {
  const timestamps = records.map((r) => r.timestamp);
  const baseTimestamp = timestamps.length > 0 ? Math.min(...timestamps) : Date.now();
  const maxTimestamp = timestamps.length > 0 ? Math.max(...timestamps) : baseTimestamp;
  const encodedRecords = new Writer();
  records.forEach((record, offsetDelta) => {
    const body = new Writer()
      .int8(0)
      .varlong(record.timestamp - baseTimestamp)
      .varint(offsetDelta)
      .varintBytes(record.key ?? null)
      .varintBytes(record.value)
      .varint(record.headers?.length ?? 0);
    for (const header of record.headers ?? []) body.varintBytes(Buffer.from(header.key, 'utf8')).varintBytes(header.value);
    encodedRecords.varint(body.size).raw(body.toBuffer());
  });
  const codec = Compression[options.compression ?? 'none'];
  const recordBytes = codec === Compression.gzip ? gzipSync(encodedRecords.toBuffer()) : encodedRecords.toBuffer();
  const afterCrc = new Writer()
    .int16(codec)
    .int32(records.length - 1)
    .int64(baseTimestamp)
    .int64(maxTimestamp)
    .int64(options.producerId ?? -1n)
    .int16(options.producerEpoch ?? -1)
    .int32(options.baseSequence ?? -1)
    .int32(records.length)
    .raw(recordBytes)
    .toBuffer();
  const afterLength = new Writer().int32(0).int8(MAGIC).uint32(crc32c(afterCrc)).raw(afterCrc).toBuffer();
  return new Writer()
    .int64(options.baseOffset ?? 0)
    .int32(afterLength.length)
    .raw(afterLength)
    .toBuffer();
}

/** A copy of `batch` whose base offset is `baseOffset` (the CRC does not cover it). */
export function withBaseOffset(batch: Buffer, baseOffset: number): Buffer {
  const copy = Buffer.from(batch);
  copy.writeBigInt64BE(BigInt(baseOffset), 0);
  return copy;
}
