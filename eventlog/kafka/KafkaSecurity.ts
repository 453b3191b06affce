/** SASL authentication with the brokers: the user whose ACLs the broker applies (a domain's own user). */
export type KafkaSasl = ({ mechanism: 'plain' } | { mechanism: 'scram-sha-256' } | { mechanism: 'scram-sha-512' }) & {
  username: string;
  password: string;
};

/** TLS to the brokers, with PEM text (not file names); each absent part is the system's default. */
export interface KafkaTls {
  /** CA certificate(s) that signed the brokers' certificates. @default the system's CAs */
  ca?: string;
  /** Client certificate, for brokers that require one (mutual TLS). @default none */
  cert?: string;
  /** Private key of `cert`. @default none */
  key?: string;
}

/** The SASL mechanisms meshgraph passes on to kafkajs. */
export const KAFKA_SASL_MECHANISMS: readonly KafkaSasl['mechanism'][] = ['plain', 'scram-sha-256', 'scram-sha-512'];
