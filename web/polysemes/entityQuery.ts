import { namedType, type DescribedType, type Polyseme } from './polysemeQueries.ts';

/** One field the entity page asks for: under which alias, from which domain's facet. */
export interface AskedField {
  alias: string;
  domain: string;
  field: string;
}

/** The operation for one instance, and what each of its aliases holds. */
export interface EntityQuery {
  query: string;
  asked: AskedField[];
}

/** Asks only for the gateway's verdict on a URN that follows no polyseme's pattern. */
export const URN_CHECK_QUERY = 'query EntityCheck($urn: ID!) { entity(urn: $urn) { __typename } }';

/**
 * What to select on a field of type `printed`: nothing on a scalar or enum
 * (a type no product describes); on another entity, its `urn` (the page
 * links to it); on a page of things, its `totalCount`; on any other object,
 * its scalar fields. Undefined when an object has nothing to select.
 */
export function selectionOf(printed: string, types: ReadonlyMap<string, DescribedType>): string | undefined {
  const fields = types.get(namedType(printed))?.fields;
  if (!fields) return '';
  const names = new Set(fields.map((f) => f.name));
  if (names.has('urn')) return ' { urn }';
  if (names.has('totalCount')) return ' { totalCount }';
  const leaves = fields.filter((f) => !types.has(namedType(f.type))).map((f) => f.name);
  return leaves.length ? ` { ${leaves.join(' ')} }` : undefined;
}

/**
 * One `entity(urn)` operation asking every domain's facet of a polyseme
 * instance. Each field goes under its own alias: a non-null field that
 * governance withholds would otherwise turn the whole entity null, and the
 * viewer would see nothing instead of the one field they may not read.
 */
export function entityQuery(polyseme: Polyseme, types: ReadonlyMap<string, DescribedType>): EntityQuery {
  const printed = new Map(types.get(polyseme.name)?.fields.map((f) => [f.name, f.type]));
  const asked: AskedField[] = [];
  const selections: string[] = [];
  for (const { domain, fields } of polyseme.facets) {
    for (const field of fields) {
      const type = printed.get(field);
      const selection = type === undefined ? '' : selectionOf(type, types);
      if (selection === undefined) continue;
      const alias = `f${asked.length}`;
      asked.push({ alias, domain, field });
      selections.push(`${alias}: entity(urn: $urn) { ... on ${polyseme.name} { ${field}${selection} } }`);
    }
  }
  return { query: `query Entity($urn: ID!) {\n  ${selections.join('\n  ')}\n}`, asked };
}
