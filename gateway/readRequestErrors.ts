import type { Fetch } from './dedupeInflight.ts';
import { bytesOf, headerOf, headersOf, SubgraphAnswer } from './SubgraphAnswer.ts';

/** What the gateway asks subgraphs to answer in: the media type whose 4xx answers are GraphQL responses (GraphQL-over-HTTP). */
export const SUBGRAPH_ACCEPT = 'application/graphql-response+json';

/**
 * Wraps `fetcher` so that a subgraph's request error (a 400 in
 * `application/graphql-response+json`: an argument it could not parse, an
 * operation past its limits) reaches Apollo's data source as the GraphQL
 * response it is. Apollo Server answers those 400 whatever the Accept header,
 * and the data source takes any status but 2xx for a failed fetch: the
 * caller would get "refused with HTTP 400" instead of the subgraph's errors.
 */
export function readRequestErrors(fetcher: Fetch): Fetch {
  return async (url, init) => {
    const response = await fetcher(url, init);
    if (response.status !== 400 || !headerOf(response, 'content-type')?.startsWith(SUBGRAPH_ACCEPT)) return response;
    return new SubgraphAnswer(200, 'OK', headersOf(response), await bytesOf(response)).asResponse();
  };
}
