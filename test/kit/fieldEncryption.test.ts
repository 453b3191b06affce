import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readEncryptionKey } from '../../config/index.ts';
import { createDemoListenersDomain } from '../../demo/domains/index.ts';
import type { EventLog } from '../../eventlog/index.ts';
import { REGISTRATIONS_TOPIC } from '../../schema/events/index.ts';
import { createFieldCipher, createSubgraphServer, EncryptedFieldError, encryptClassifiedFields } from '../../subgraphs/kit/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { collectRecords } from '../support/collectRecords.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import { createTempLog } from '../support/tempLog.ts';

const LISTENER = '{ listener(id: "l-1") { id email birthYear displayName country } }';

/** Every byte the log keeps of a topic, whatever its files are called. */
async function topicBytes(dataDir: string, topic: string): Promise<Buffer> {
  const dir = join(dataDir, 'topics', topic);
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  return Buffer.concat(await Promise.all(files.map((entry) => readFile(join(entry.parentPath, entry.name)))));
}

describe('classified fields are encrypted at rest', () => {
  const leftovers = useLeftovers();

  /** The listeners domain over a log that encrypts its classified fields with `key`, as `meshgraph subgraph listeners` runs it. */
  async function startListeners(log: EventLog, dataDir: string, key: Buffer | undefined) {
    const domain = createDemoListenersDomain(SMALL_TEST_DATA);
    const encrypting = encryptClassifiedFields(log, { cipher: createFieldCipher(key ? { key } : {}), dataProducts: domain.dataProducts });
    const server = leftovers.track(await createSubgraphServer({ domain, log: encrypting, dataDir, logger: captureLogger('listeners') }));
    return { server, domain };
  }

  it('with a key, no e-mail address is in the log’s bytes, and the listener reads back whole, also after a restart', async () => {
    const { log, dataDir } = leftovers.track(await createTempLog());
    const key = randomBytes(32);
    const first = await startListeners(log, dataDir, key);
    const { body } = await postGraphQL(first.server.url, { query: LISTENER });
    expect(body.errors).toBeUndefined();
    const listener = body.data!.listener as { email: string; birthYear: number; displayName: string };
    expect(listener.email).toMatch(/@/);

    const bytes = await topicBytes(dataDir, REGISTRATIONS_TOPIC.name);
    const emails = first.domain.store.list.page({ first: 500 }, () => true).edges.map((edge) => edge.node.email);
    expect(emails.length).toBeGreaterThan(100);
    for (const email of emails) expect(bytes.includes(Buffer.from(email)), email).toBe(false);
    expect(bytes.includes(Buffer.from(listener.displayName))).toBe(false);
    expect(bytes.includes(Buffer.from('enc:aes-256-gcm:v1:'))).toBe(true);

    // A fresh process reads the profiles back from the log, decrypting them.
    await first.server.close();
    const second = await startListeners(log, dataDir, key);
    expect((await postGraphQL(second.server.url, { query: LISTENER })).body.data!.listener).toEqual(body.data!.listener);
  });

  it('a record encrypted with a key cannot be read without it, or with another: a clear error, never the ciphertext as data', async () => {
    const { log } = leftovers.track(await createTempLog());
    const domain = createDemoListenersDomain(SMALL_TEST_DATA);
    const writer = encryptClassifiedFields(log, { cipher: createFieldCipher({ key: randomBytes(32) }), dataProducts: domain.dataProducts });
    await writer.createTopic(REGISTRATIONS_TOPIC);
    const profile = { listenerId: 'l-9', displayName: 'Zoë', email: 'zoe@example.com', birthYear: 1990, country: 'GB', city: 'Leeds', preferredDevice: 'WEB', plan: 'FREE', occurredAt: '2026-10-01T00:00:00.000Z' };
    await writer.append(REGISTRATIONS_TOPIC.name, [{ key: 'l-9', value: JSON.stringify(profile), headers: { producer: 'listeners', 'schema-version': '1' } }]);

    for (const [cipher, message] of [
      [createFieldCipher(), /encrypted, and no key is set: set MESHGRAPH_ENCRYPTION_KEY/],
      [createFieldCipher({ key: randomBytes(32) }), /cannot be decrypted with this MESHGRAPH_ENCRYPTION_KEY/],
    ] as const) {
      const reader = encryptClassifiedFields(log, { cipher, dataProducts: domain.dataProducts });
      const { reader: reading } = await collectRecords(reader, { topic: REGISTRATIONS_TOPIC.name, from: { kind: 'earliest' } });
      const outcome = await reading.caughtUp.then(() => 'it read the record', (error: unknown) => error);
      expect(outcome).toBeInstanceOf(EncryptedFieldError);
      expect(String(outcome)).toMatch(message);
    }
  });

  it('keeps what the log offers besides the event log interface, e.g. the embedded log’s damage report for /health', async () => {
    const { log } = leftovers.track(await createTempLog());
    const encrypting = encryptClassifiedFields(log, { cipher: createFieldCipher({ key: randomBytes(32) }), dataProducts: [] });
    expect(encrypting.kind).toBe('embedded');
    expect(encrypting.dataDir).toBe(log.dataDir);
    expect(encrypting.damage()).toEqual(log.damage());
  });

  it('records written without a key stay readable once a key is set', async () => {
    const { log, dataDir } = leftovers.track(await createTempLog());
    const before = await startListeners(log, dataDir, undefined);
    const { body } = await postGraphQL(before.server.url, { query: LISTENER });
    await before.server.close();
    expect((await topicBytes(dataDir, REGISTRATIONS_TOPIC.name)).includes(Buffer.from((body.data!.listener as { email: string }).email))).toBe(true);

    const after = await startListeners(log, dataDir, randomBytes(32));
    expect((await postGraphQL(after.server.url, { query: LISTENER })).body.data!.listener).toEqual(body.data!.listener);
  });

  it('reads the key from MESHGRAPH_ENCRYPTION_KEY as hex or base64, and refuses a malformed one without echoing it', () => {
    const key = randomBytes(32);
    expect(readEncryptionKey({ MESHGRAPH_ENCRYPTION_KEY: key.toString('hex') })).toEqual(key);
    expect(readEncryptionKey({ MESHGRAPH_ENCRYPTION_KEY: key.toString('base64') })).toEqual(key);
    expect(readEncryptionKey({ MESHGRAPH_ENCRYPTION_KEY: ' ' })).toBeUndefined();
    expect(readEncryptionKey({})).toBeUndefined();
    for (const bad of ['secret-password', key.toString('hex').slice(2), randomBytes(16).toString('base64')]) {
      expect(() => readEncryptionKey({ MESHGRAPH_ENCRYPTION_KEY: bad })).toThrow(ConfigError);
      expect(() => readEncryptionKey({ MESHGRAPH_ENCRYPTION_KEY: bad })).toThrow(/MESHGRAPH_ENCRYPTION_KEY must be 32 bytes/);
      expect(() => readEncryptionKey({ MESHGRAPH_ENCRYPTION_KEY: bad })).not.toThrow(bad);
    }
  });
});
