import { AppendRefusedError } from '../../eventlog/index.ts';
import { ErrorCode } from '../../schema/index.ts';

/**
 * An append a domain's kit refused because the topic is an output port of
 * one of its data products that was retired: it takes no more facts. Nothing
 * of the refused append was written. An `AppendRefusedError`, so code that
 * handles a refused append handles this one too. Thrown in a resolver (a
 * mutation that records a fact), it reaches the caller as
 * `DATA_PRODUCT_RETIRED` with its message (graphql-js takes an original
 * error's `extensions`), not as a masked "Unexpected error".
 */
export class RetiredTopicError extends AppendRefusedError {
  override name = 'RetiredTopicError';
  readonly extensions: { code: string; urn: string; successor: string | null; successorTopics: readonly string[] };

  constructor(
    topic: string,
    domain: string,
    /** The retired data product whose topic port it is. */
    readonly urn: string,
    /** The data product that replaces it, if it has one. */
    readonly successor: string | undefined,
    /** The successor's topics, to append to instead. */
    readonly successorTopics: readonly string[],
  ) {
    const instead = successor ? ` Append to its successor ${successor}${successorTopics.length > 0 ? `'s topic ${successorTopics.map((t) => `"${t}"`).join(', ')}` : ''} instead.` : ' It has no successor.';
    super(topic, domain, domain, `append to "${topic}" refused: it is an output port of data product ${urn}, which was retired and takes no more records.${instead}`);
    this.extensions = { code: ErrorCode.DATA_PRODUCT_RETIRED, urn, successor: successor ?? null, successorTopics };
  }
}
