import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readEventLogConfig, type Env } from '../../config/index.ts';
import { openEventLog, type EventLog } from '../../eventlog/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { collectRecords } from '../support/collectRecords.ts';
import { startKafkaTestBroker } from '../support/kafkaBroker/index.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';

/** Opens the event log as `meshgraph subgraph` does: from the environment. */
async function openFromEnv(env: Env): Promise<EventLog> {
  const config = readEventLogConfig(env);
  if (config.kind !== 'kafka') throw new Error('expected the Kafka event log');
  return openEventLog(config, captureLogger('kafka'), { principal: 'podcasts' });
}

/** Appends a record and reads it back: the connection works end to end. */
async function roundTrip(log: EventLog) {
  await log.createTopic({ name: 'podcasts.episode-plays.v1' });
  await log.append('podcasts.episode-plays.v1', [{ key: 'e-1', value: 'a play' }]);
  const { reader, waitFor } = await collectRecords(log, { topic: 'podcasts.episode-plays.v1', from: { kind: 'earliest' } });
  const [record] = await waitFor(1);
  await reader.close();
  return record!.value.toString();
}

describe('Kafka security settings reach kafkajs', () => {
  const leftovers = useLeftovers();

  it('authenticates with SASL PLAIN as KAFKA_SASL_* say, and a wrong password is refused with a clear error', async () => {
    const broker = leftovers.track(await startKafkaTestBroker({ autoCreateTopics: false, saslUsers: { podcasts: 'podcasts-secret' } }));
    const env = { KAFKA_BROKERS: broker.address, KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_USERNAME: 'podcasts', KAFKA_SASL_PASSWORD: 'podcasts-secret' };
    const log = leftovers.track(await openFromEnv(env));
    expect(await roundTrip(log)).toBe('a play');

    await expect(openFromEnv({ ...env, KAFKA_SASL_PASSWORD: 'guess' })).rejects.toThrow(/SASL PLAIN authentication failed/);
  });

  it('speaks TLS to a broker whose self-signed certificate KAFKA_SSL_CA_FILE names (verified, not trusted blindly)', async () => {
    const dir = leftovers.track(await createTempDir('meshgraph-tls-'));
    const [key, cert] = [join(dir.path, 'broker.key'), join(dir.path, 'broker.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const broker = leftovers.track(await startKafkaTestBroker({ autoCreateTopics: false, tls: { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') } }));

    const log = leftovers.track(await openFromEnv({ KAFKA_BROKERS: broker.address, KAFKA_SSL_CA_FILE: cert }));
    expect(await roundTrip(log)).toBe('a play');
    expect(readEventLogConfig({ KAFKA_BROKERS: broker.address, KAFKA_SSL: 'true' })).toMatchObject({ ssl: true });
  });

  it('refuses settings that cannot work at start-up, naming the variable and never the password', () => {
    const brokers = { KAFKA_BROKERS: 'localhost:9094' };
    const dir = join(process.cwd(), 'no-such-folder');
    const cases: Array<[Env, RegExp]> = [
      [{ KAFKA_SASL_MECHANISM: 'kerberos' }, /KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512, but is "kerberos"/],
      [{ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_PASSWORD: 'hunter2' }, /KAFKA_SASL_USERNAME must name the user/],
      [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'podcasts' }, /KAFKA_SASL_PASSWORD must be set for user "podcasts"/],
      [{ KAFKA_SASL_USERNAME: 'podcasts', KAFKA_SASL_PASSWORD: 'hunter2' }, /need KAFKA_SASL_MECHANISM/],
      [{ KAFKA_SSL: 'maybe' }, /KAFKA_SSL must be true or false, but is "maybe"/],
      [{ KAFKA_SSL_CA_FILE: join(dir, 'ca.pem') }, /KAFKA_SSL_CA_FILE must name a readable PEM file, but ".*ca\.pem" cannot be read \(ENOENT\)/],
    ];
    for (const [env, message] of cases) {
      expect(() => readEventLogConfig({ ...brokers, ...env })).toThrow(ConfigError);
      expect(() => readEventLogConfig({ ...brokers, ...env })).toThrow(message);
      expect(() => readEventLogConfig({ ...brokers, ...env })).not.toThrow(/hunter2/);
    }
    const tempFile = join(process.cwd(), 'package.json');
    expect(() => readEventLogConfig({ ...brokers, KAFKA_SSL_CERT_FILE: tempFile })).toThrow(/KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together/);
    expect(readEventLogConfig({ ...brokers, KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256', KAFKA_SASL_USERNAME: 'artists', KAFKA_SASL_PASSWORD: 'pw' })).toEqual({
      kind: 'kafka',
      brokers: ['localhost:9094'],
      sasl: { mechanism: 'scram-sha-256', username: 'artists', password: 'pw' },
    });
    // Without any of them, nothing changes.
    expect(readEventLogConfig(brokers)).toEqual({ kind: 'kafka', brokers: ['localhost:9094'] });
  });
});
