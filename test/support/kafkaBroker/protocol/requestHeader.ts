import type { Reader } from './Reader.ts';

/** Request header v1, the one every version this broker speaks uses (no tagged fields). */
export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string;
}

/** Reads the header in front of every request body. */
export function readRequestHeader(reader: Reader): RequestHeader {
  return {
    apiKey: reader.int16(),
    apiVersion: reader.int16(),
    correlationId: reader.int32(),
    clientId: reader.nullableString() ?? '',
  };
}
