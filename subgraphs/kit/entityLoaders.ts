import DataLoader from 'dataloader';

/** The key fields of one entity reference, as the gateway sends them (without `__typename`). */
export type EntityKey = Readonly<Record<string, unknown>>;

/**
 * Loads many entities of one type in one store call. Returns one result per
 * key, in the keys' order: the entity, or `null` when there is none.
 */
export type EntityBatchLoader = (keys: readonly EntityKey[]) => Promise<readonly (object | null)[]> | readonly (object | null)[];

/** Per-request entity loading: one `DataLoader` per type, created on first use. */
export interface EntityLoaders {
  load(typename: string, key: EntityKey): Promise<object | null>;
}

/** A stable cache key: the same fields in any order give the same key. */
function cacheKey(key: EntityKey): string {
  return JSON.stringify(Object.keys(key).sort().map((field) => [field, key[field]]));
}

/**
 * Creates the loaders of one request. All `__resolveReference` calls of one
 * `_entities` request for a type become a single call of its batch loader.
 */
export function createEntityLoaders(batchLoaders: Readonly<Record<string, EntityBatchLoader>>): EntityLoaders {
  const loaders = new Map<string, DataLoader<EntityKey, object | null, string>>();
  return {
    load(typename, key) {
      let loader = loaders.get(typename);
      if (!loader) {
        const batch = batchLoaders[typename];
        if (!batch) throw new Error(`No entity loader for "${typename}".`);
        loader = new DataLoader(
          async (keys) => {
            const results = await batch(keys);
            if (results.length !== keys.length) {
              throw new Error(
                `Entity loader for "${typename}" returned ${results.length} result(s) for ${keys.length} key(s); ` +
                  'it must return one entity or null per key, in order.',
              );
            }
            return results;
          },
          { cacheKeyFn: cacheKey },
        );
        loaders.set(typename, loader);
      }
      const { __typename: _typename, ...fields } = key;
      return loader.load(fields);
    },
  };
}
