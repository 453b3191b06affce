import { buildSchema, operationFromDocument } from '@apollo/federation-internals';
import { computeResponse } from '@apollo/gateway/dist/resultShaping.js';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileResponseShape } from '../../../gateway/execution/compileResponseShape.ts';

const schema = buildSchema(`
  type Query { shows: [Show!] show: Show item: Item }
  type Show { id: ID! title: String episodes: [Episode] }
  type Episode { id: ID! title: String! }
  union Item = Show | Episode
`);
const QUERY = '{ shows { id title episodes { id title } } show { __typename title } item { ... on Show { title } ... on Episode { id } } }';

/** What Apollo's gateway shapes from `input`, and what meshgraph's compiled shape does: the data and errors, or the error thrown. */
function shapedBoth(input: Record<string, unknown>) {
  const operation = operationFromDocument(schema, parse(QUERY));
  const outcome = (shape: () => { data: unknown; errors: unknown[] }) => {
    try {
      const { data, errors } = shape();
      return { data: JSON.stringify(data), errors: JSON.stringify(errors) };
    } catch (error) {
      return { thrown: (error as Error).message };
    }
  };
  return {
    apollo: outcome(() => computeResponse({ operation, variables: {}, input: structuredClone(input), introspectionHandling: () => null })),
    meshgraph: outcome(() => compileResponseShape(operation).shape(structuredClone(input), {}, () => null)),
  };
}

describe("a compiled response shape answers what Apollo's gateway shapes, errors and failures included", () => {
  const inputs: Record<string, Record<string, unknown>> = {
    'a whole answer': { shows: [{ id: 's1', title: 'A', episodes: [{ id: 'e1', title: 'x' }, null] }], show: { __typename: 'Show', title: 'B' }, item: { __typename: 'Episode', id: 'e2' } },
    'a null in a non-null field, bubbled up': { shows: [{ id: null, title: 'A', episodes: [] }], show: null, item: null },
    'a list field given a string': { shows: 'not a list', show: null, item: null },
    'an object field given a number': { shows: [], show: 7, item: null },
    'a __typename that is not a string': { shows: [], show: null, item: { __typename: 3, id: 'e2' } },
    'a __typename the schema does not know': { shows: [], show: { __typename: 'Nope', title: 'B' }, item: null },
    'a leaf given an object': { shows: [{ id: 's1', title: { nested: true }, episodes: null }], show: null, item: null },
  };
  for (const [name, input] of Object.entries(inputs)) {
    it(name, () => {
      const { apollo, meshgraph } = shapedBoth(input);
      expect(meshgraph).toEqual(apollo);
    });
  }

  it('throws on malformed subgraph data as Apollo does, with its messages', () => {
    expect(shapedBoth(inputs['a list field given a string']!).meshgraph).toEqual({ thrown: 'Invalid non-list value not a list returned by subgraph for list type [Show!]' });
    expect(shapedBoth(inputs['an object field given a number']!).meshgraph).toEqual({ thrown: 'Invalid non-object value 7 returned by subgraph for composite type Show' });
  });
});
