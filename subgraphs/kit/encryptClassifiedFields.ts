import type { EventLog, NewRecord } from '../../eventlog/index.ts';
import type { Classification } from '../../schema/index.ts';
import type { FieldCipher } from './createFieldCipher.ts';
import type { DataProductDefinition } from './dataProduct.ts';
import { overrideLog } from './overrideLog.ts';

/** Classifications whose fields are encrypted at rest. */
const ENCRYPTED: ReadonlySet<Classification> = new Set(['pii', 'confidential']);

export interface FieldEncryptionOptions {
  /** Encrypts what the domain appends and decrypts what it reads (see `createFieldCipher`). */
  cipher: FieldCipher;
  /** The domain's data products: their descriptors say which fields are `pii` or `confidential`, and which topics their records go to. */
  dataProducts: readonly DataProductDefinition[];
}

/**
 * The fields to encrypt per topic: for each product's topic ports, the
 * fields its classification marks `pii` or `confidential`, by field name
 * (`Listener.email` → `email` in the topic's JSON records).
 */
export function classifiedTopicFields(dataProducts: readonly DataProductDefinition[]): Map<string, string[]> {
  const byTopic = new Map<string, string[]>();
  for (const product of dataProducts) {
    const fields = Object.entries(product.classification.fields ?? {})
      .filter(([, classification]) => ENCRYPTED.has(classification))
      .map(([path]) => path.slice(path.lastIndexOf('.') + 1));
    if (fields.length === 0) continue;
    for (const port of product.outputPorts) {
      if (port.kind === 'topic') byTopic.set(port.topic, [...new Set([...(byTopic.get(port.topic) ?? []), ...fields])]);
    }
  }
  return byTopic;
}

/**
 * A domain's event log with its classified fields encrypted at rest: records
 * it appends to its products' topics have their `pii` and `confidential`
 * fields encrypted (when the cipher has a key), and every record it reads
 * comes back decrypted, whoever wrote it. A record it cannot decrypt (no key,
 * another key) stops the reader with an `EncryptedFieldError` saying so.
 */
export function encryptClassifiedFields<L extends EventLog>(log: L, options: FieldEncryptionOptions): L {
  const { cipher } = options;
  const fieldsOf = classifiedTopicFields(options.dataProducts);
  const seal = (topic: string, records: readonly NewRecord[]) => {
    const fields = fieldsOf.get(topic);
    return fields && cipher.encrypts ? records.map((record) => cipher.seal(record, fields)) : records;
  };
  const overrides: Pick<EventLog, 'append' | 'read'> = {
    append: (topic, records) => log.append(topic, seal(topic, records)),
    read: (readOptions) =>
      log.read({
        ...readOptions,
        onBatch: (records) => readOptions.onBatch(records.map((record) => cipher.open(record, `"${record.topic}" partition ${record.partition} offset ${record.offset}`))),
      }),
  };
  return overrideLog(log, overrides);
}
