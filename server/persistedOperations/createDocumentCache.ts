/** Documents registered by Automatic Persisted Queries, by hash, the least recently used dropped past a size. */
export interface DocumentCache {
  get(hash: string): string | undefined;
  set(hash: string, document: string): void;
}

/**
 * A least-recently-used cache of at most `maxEntries` documents: any client
 * may register one, so an unbounded cache would let clients grow the
 * gateway's memory without end.
 */
export function createDocumentCache(maxEntries: number): DocumentCache {
  // A Map keeps insertion order: re-inserting on each hit makes its first key the least recently used.
  const documents = new Map<string, string>();
  return {
    get(hash) {
      const document = documents.get(hash);
      if (document !== undefined) {
        documents.delete(hash);
        documents.set(hash, document);
      }
      return document;
    },
    set(hash, document) {
      documents.delete(hash);
      documents.set(hash, document);
      if (documents.size > maxEntries) documents.delete(documents.keys().next().value as string);
    },
  };
}
