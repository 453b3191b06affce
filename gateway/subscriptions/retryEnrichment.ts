import type { ExecutionResult } from 'graphql';
import { createBackoff, sleep, type BackoffOptions } from '../../common/index.ts';
import type { Logger } from '../../logger/index.ts';
import { ErrorCode } from '../../schema/index.ts';
import type { EventCompletion } from './createOperationFanout.ts';

export interface EnrichmentRetryOptions {
  /** How long an event is retried before it is delivered without the missing fields; 0 delivers it at once. */
  windowMs: number;
  /** The waits between tries. @default { initialDelayMs: 100, maxDelayMs: 1_000 } */
  backoff?: BackoffOptions;
  /** Ends the waiting (the engine closed): the event is delivered as it is. */
  signal: AbortSignal;
  /** Called for each event delivered with fields missing, once its window ran out. */
  onPartial: () => void;
  logger: Logger;
}

/** The subgraphs whose fields are missing from `result` because they did not answer. */
function unavailableSubgraphs(result: ExecutionResult): string[] {
  const missing = (result.errors ?? []).filter((e) => e.extensions?.['code'] === ErrorCode.SUBGRAPH_UNAVAILABLE);
  return [...new Set(missing.map((e) => String(e.extensions['subgraph'] ?? 'unknown')))];
}

/**
 * Wraps the completion of subscription events so that an event whose
 * enrichment failed (a subgraph of the rest of its plan did not answer: a
 * domain restarting, say) is completed again, with backoff, for up to
 * `windowMs`, and delivered whole if the subgraph comes back in time. Only
 * after that is it delivered with those fields missing, and counted. Events
 * of one operation are delivered in order, so later events wait meanwhile.
 */
export function retryEnrichment(complete: EventCompletion, options: EnrichmentRetryOptions): EventCompletion {
  const { windowMs, signal, onPartial, logger } = options;
  const backoff = createBackoff(options.backoff, { initialDelayMs: 100, maxDelayMs: 1_000 });
  return async (event) => {
    const deadline = performance.now() + windowMs;
    for (let retry = 0; ; retry++) {
      const result = await complete(event);
      const missing = unavailableSubgraphs(result);
      if (missing.length === 0) return result;
      const left = deadline - performance.now();
      if (left <= 0 || signal.aborted) {
        onPartial();
        logger.warn('subscription event delivered without the fields of subgraphs that did not answer', { subgraphs: missing.join(','), retries: retry, windowMs });
        return result;
      }
      const delayMs = Math.min(backoff.delay(retry), left);
      logger.info('subscription event enrichment failed; retrying', { subgraphs: missing.join(','), attempt: retry + 1, retryInMs: delayMs });
      await sleep(delayMs, signal).catch(() => {});
    }
  };
}
