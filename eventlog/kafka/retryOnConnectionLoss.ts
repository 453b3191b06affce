import type { Logger } from '../../logger/index.ts';

const CONNECTION_ERRORS = new Set(['KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSRequestTimeoutError', 'KafkaJSNumberOfRetriesExceeded']);

/** True for a failure of the connection (not of the request itself), worth retrying. */
export function isConnectionLoss(error: unknown): boolean {
  const { name, retriable, cause } = (error ?? {}) as { name?: string; retriable?: boolean; cause?: unknown };
  return CONNECTION_ERRORS.has(name ?? '') || retriable === true || (cause !== undefined && isConnectionLoss(cause));
}

/**
 * Runs a Kafka admin call, retrying it with exponential backoff (logged)
 * while the connection is lost; kafkajs's own admin does not retry a closed
 * connection. Other errors, and the last failure, are thrown.
 */
export async function retryOnConnectionLoss<T>(what: string, run: () => Promise<T>, logger: Logger, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isConnectionLoss(error)) throw error;
      const delay = Math.min(5_000, 100 * 2 ** attempt);
      logger.warn(`kafka: ${what} lost its connection; retrying`, { attempt, retryInMs: delay, err: error });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
