import { createBackoff, retry } from '../../common/index.ts';
import type { Logger } from '../../logger/index.ts';

const CONNECTION_ERRORS = new Set(['KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSRequestTimeoutError', 'KafkaJSNumberOfRetriesExceeded']);

/** True for a failure of the connection (not of the request itself), worth retrying. */
export function isConnectionLoss(error: unknown): boolean {
  const { name, type, retriable, cause } = (error ?? {}) as { name?: string; type?: string; retriable?: boolean; cause?: unknown };
  // kafkajs calls an unknown topic retriable (metadata may lag a creation), but createTopic waits for
  // the leaders: the broker's answer stands, and retrying it only delayed "create it first" by seconds.
  if (type === 'UNKNOWN_TOPIC_OR_PARTITION') return false;
  return CONNECTION_ERRORS.has(name ?? '') || retriable === true || (cause !== undefined && isConnectionLoss(cause));
}

/** Waits between tries of a Kafka admin call: 200 ms doubling up to 5 s, with jitter. */
const KAFKA_BACKOFF = createBackoff(undefined, { initialDelayMs: 200, maxDelayMs: 5_000 });

/**
 * Runs a Kafka admin call, retrying it with exponential backoff (logged)
 * while the connection is lost; kafkajs's own admin does not retry a closed
 * connection. Other errors, and the last failure, are thrown.
 */
export async function retryOnConnectionLoss<T>(what: string, run: () => Promise<T>, logger: Logger, attempts = 8): Promise<T> {
  return retry(run, {
    backoff: KAFKA_BACKOFF,
    retryOn: isConnectionLoss,
    maxAttempts: attempts,
    onRetry: ({ error, attempt, delayMs }) =>
      logger.warn(`kafka: ${what} lost its connection; retrying`, { attempt, retryInMs: delayMs, err: error }),
  });
}
