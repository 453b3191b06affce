import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { NewRecord } from '../../eventlog/index.ts';

/** The header naming the fields of a record's JSON value that are encrypted, comma-separated. */
export const ENCRYPTED_FIELDS_HEADER = 'encrypted-fields';

/** How an encrypted field's value starts: the format's version, then base64 of IV, tag and ciphertext. */
const PREFIX = 'enc:aes-256-gcm:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** AES-256 keys are 32 bytes. */
export const ENCRYPTION_KEY_BYTES = 32;

/** A record whose encrypted fields cannot be read: no key, another key, or a damaged value. */
export class EncryptedFieldError extends Error {
  override name = 'EncryptedFieldError';
}

export interface FieldCipherOptions {
  /** The AES-256 key, 32 bytes (see `readEncryptionKey`). @default none: nothing is encrypted, and encrypted fields cannot be read */
  key?: Buffer;
}

/** Encrypts chosen fields of records' JSON values, and decrypts them back. */
export interface FieldCipher {
  /** Whether it has a key: without one, `seal` leaves records as they are. */
  readonly encrypts: boolean;
  /** The record with `fields` of its JSON value encrypted (those it has), named in its `encrypted-fields` header. */
  seal(record: NewRecord, fields: readonly string[]): NewRecord;
  /**
   * The record with its encrypted fields decrypted, and without the header;
   * a record without one comes back as it is. Throws `EncryptedFieldError`
   * when it has no key, or not the key the record was written with.
   */
  open<R extends { value: Buffer | string; headers: Record<string, string> }>(record: R, where?: string): R;
}

/**
 * Field encryption at rest with AES-256-GCM (node:crypto): each field's JSON
 * value is encrypted on its own, with a random 96-bit IV and the field's name
 * as additional data (so a value cannot be moved to another field), and
 * replaced by the string `enc:aes-256-gcm:v1:<base64 of IV, tag, ciphertext>`.
 * Records written without a key stay readable with one.
 */
export function createFieldCipher(options: FieldCipherOptions = {}): FieldCipher {
  const { key } = options;
  if (key !== undefined && (!Buffer.isBuffer(key) || key.length !== ENCRYPTION_KEY_BYTES)) {
    throw new TypeError(`createFieldCipher needs a ${ENCRYPTION_KEY_BYTES}-byte key, not ${Buffer.isBuffer(key) ? `${key.length} bytes` : typeof key}`);
  }

  const encrypt = (field: string, value: unknown): string => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key!, iv).setAAD(Buffer.from(field));
    const encrypted = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64');
  };

  const decrypt = (field: string, sealed: unknown, where: string): unknown => {
    if (typeof sealed !== 'string' || !sealed.startsWith(PREFIX)) {
      throw new EncryptedFieldError(`field "${field}" of ${where} is named encrypted but is not an encrypted value.`);
    }
    if (!key) {
      throw new EncryptedFieldError(`field "${field}" of ${where} is encrypted, and no key is set: set MESHGRAPH_ENCRYPTION_KEY to the key the record was written with.`);
    }
    const bytes = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(field));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      return JSON.parse(plain.toString('utf8'));
    } catch {
      throw new EncryptedFieldError(`field "${field}" of ${where} cannot be decrypted with this MESHGRAPH_ENCRYPTION_KEY: it was written with another key, or it is damaged.`);
    }
  };

  return {
    encrypts: key !== undefined,
    seal(record, fields) {
      if (!key || fields.length === 0) return record;
      const value = JSON.parse(record.value.toString()) as Record<string, unknown>;
      const sealed = fields.filter((field) => Object.hasOwn(value, field));
      if (sealed.length === 0) return record;
      for (const field of sealed) value[field] = encrypt(field, value[field]);
      return { ...record, value: JSON.stringify(value), headers: { ...record.headers, [ENCRYPTED_FIELDS_HEADER]: sealed.join(',') } };
    },
    open(record, where = 'a record') {
      const named = record.headers[ENCRYPTED_FIELDS_HEADER];
      if (named === undefined) return record;
      const value = JSON.parse(record.value.toString()) as Record<string, unknown>;
      for (const field of named.split(',')) value[field] = decrypt(field, value[field], where);
      const { [ENCRYPTED_FIELDS_HEADER]: _named, ...headers } = record.headers;
      return { ...record, value: Buffer.from(JSON.stringify(value)), headers };
    },
  };
}
