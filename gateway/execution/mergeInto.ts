type Data = Record<string, unknown>;

const isObject = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Merges a subgraph's answer into the result being built, as Apollo's gateway
 * does (`deepMerge`): objects merged key by key, lists of the same length
 * element by element, anything else replaced; undefined values skipped.
 */
export function mergeInto(target: Data | undefined, source: Data | null | undefined): Data | undefined {
  if (source === undefined || source === null) return target;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    const t = target as Data;
    // A key the target only inherits (`constructor`, say) becomes its own.
    if (!Object.prototype.hasOwnProperty.call(t, key) && key in t) Object.defineProperty(t, key, { configurable: true, enumerable: true, value: undefined, writable: true });
    const existing = t[key];
    if (existing && isObject(value)) mergeInto(existing as Data, value);
    else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let index = 0; index < value.length; index++) {
        if (isObject(existing[index]) && isObject(value[index])) mergeInto(existing[index] as Data, value[index] as Data);
        else existing[index] = value[index];
      }
    } else t[key] = value;
  }
  return target;
}
