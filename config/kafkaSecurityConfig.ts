import { readFileSync } from 'node:fs';
import { KAFKA_SASL_MECHANISMS, type KafkaSasl, type KafkaTls } from '../eventlog/kafka/index.ts';
import { ConfigError } from './ConfigError.ts';
import type { Env } from './env.ts';

/** How the Kafka event log authenticates and encrypts its connections. */
export interface KafkaSecurityConfig {
  sasl?: KafkaSasl;
  ssl?: boolean | KafkaTls;
}

const TLS_FILES = { ca: 'KAFKA_SSL_CA_FILE', cert: 'KAFKA_SSL_CERT_FILE', key: 'KAFKA_SSL_KEY_FILE' } as const;

/**
 * Reads the Kafka security settings:
 *
 * - `KAFKA_SASL_MECHANISM` (`plain`, `scram-sha-256` or `scram-sha-512`) with
 *   `KAFKA_SASL_USERNAME` and `KAFKA_SASL_PASSWORD`: authenticate as that user
 *   (one per domain, so the broker's ACLs let each write only its own topics);
 * - `KAFKA_SSL=true`: TLS with the system's CAs; `KAFKA_SSL_CA_FILE`,
 *   `KAFKA_SSL_CERT_FILE` and `KAFKA_SSL_KEY_FILE` (PEM files; the last two for
 *   mutual TLS) turn TLS on with those.
 *
 * Errors name the variable; a password is never part of one.
 */
export function readKafkaSecurityConfig(env: Env): KafkaSecurityConfig {
  return { ...readSasl(env), ...readSsl(env) };
}

function readSasl(env: Env): Pick<KafkaSecurityConfig, 'sasl'> {
  const mechanism = env['KAFKA_SASL_MECHANISM']?.trim().toLowerCase();
  const username = env['KAFKA_SASL_USERNAME']?.trim();
  const password = env['KAFKA_SASL_PASSWORD'];
  if (!mechanism) {
    if (username || password) throw new ConfigError('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM (plain, scram-sha-256 or scram-sha-512), which is not set.');
    return {};
  }
  if (!(KAFKA_SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    throw new ConfigError(`KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}, but is "${mechanism}".`);
  }
  if (!username) throw new ConfigError(`KAFKA_SASL_MECHANISM is "${mechanism}", so KAFKA_SASL_USERNAME must name the user (a domain's own), but it is not set.`);
  if (!password) throw new ConfigError(`KAFKA_SASL_MECHANISM is "${mechanism}", so KAFKA_SASL_PASSWORD must be set for user "${username}", but it is not.`);
  return { sasl: { mechanism, username, password } as KafkaSasl };
}

function readSsl(env: Env): Pick<KafkaSecurityConfig, 'ssl'> {
  const flag = env['KAFKA_SSL']?.trim().toLowerCase();
  if (flag && !['true', 'false', '1', '0'].includes(flag)) throw new ConfigError(`KAFKA_SSL must be true or false, but is "${flag}".`);
  const tls: KafkaTls = {};
  for (const [part, variable] of Object.entries(TLS_FILES) as [keyof KafkaTls, string][]) {
    const path = env[variable]?.trim();
    if (!path) continue;
    try {
      tls[part] = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(`${variable} must name a readable PEM file, but "${path}" cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
  }
  if (Boolean(tls.cert) !== Boolean(tls.key)) throw new ConfigError('KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (mutual TLS), but only one is set.');
  const hasFiles = Object.keys(tls).length > 0;
  if (hasFiles && (flag === 'false' || flag === '0')) throw new ConfigError('KAFKA_SSL is false, but KAFKA_SSL_*_FILE settings ask for TLS; remove one or the other.');
  if (hasFiles) return { ssl: tls };
  return flag === 'true' || flag === '1' ? { ssl: true } : {};
}
