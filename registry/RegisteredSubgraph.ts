import type { DataProductDescriptor } from '../schema/descriptor/index.ts';

/**
 * A subgraph as its domain published it to the mesh's registry: the latest
 * record per subgraph name on the registry's compacted topic.
 */
export interface RegisteredSubgraph {
  /** The subgraph's name in the supergraph: its domain's (e.g. `listeners`, `merch`). */
  readonly name: string;
  /** Where the gateway reaches its `/graphql` (HTTP and WebSocket). */
  readonly url: string;
  /** Its Federation 2 SDL, as the kit prints it (`@classified` and the authorization directives included). */
  readonly sdl: string;
  /** The descriptors of its data products, as its discovery port gives them. */
  readonly descriptors: readonly DataProductDescriptor[];
  /** The version the domain gives this publication (free text, e.g. a git commit or `1.4.0`). */
  readonly version: string;
  /** The consumer id that published it (the domain's owner or its service credential). */
  readonly publishedBy: string;
  /** ISO-8601 time of the publication. */
  readonly publishedAt: string;
}
