import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createOperationLimits, measureOperations, readCostDirectives } from '../../server/index.ts';
import { fragmentChain } from '../support/fragmentChain.ts';

const SDL = `
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
  type Query {
    podcasts(first: Int): PodcastConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)
    tags: [String!]!
    podcast: Podcast
  }
  type PodcastConnection { edges: [PodcastEdge!]! totalCount: Int! }
  type PodcastEdge { node: Podcast! }
  type Podcast { id: ID! title: String! episodes(first: Int): PodcastConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false) tags: [String!]! }
`;
const schema = buildSchema(SDL);
const costDirectives = readCostDirectives(parse(SDL));

describe('measuring operations', () => {
  it('a fragment chain of 30 levels is measured at once, its expansion counted in full', () => {
    const document = parse(fragmentChain(30, { on: 'Podcast', leaf: 'title', root: '{ podcast { ...F0 } }' }));
    const { depth, cost, rootFields, fields } = measureOperations(document, { schema });
    expect(depth).toBe(2);
    expect(rootFields).toBe(1);
    expect(fields).toBe(1 + 2 ** 30);
    // Leaves weigh nothing (IBM cost directives): the podcast object alone.
    expect(cost).toBe(1);
    const objects = parse(fragmentChain(30, { on: 'PodcastEdge', leaf: 'node { id }', root: '{ podcasts(first: 1) { edges { ...F0 } } }' }));
    expect(measureOperations(objects, { schema, costDirectives }).cost).toBe(1 + 1 + 2 ** 30);
  });

  it('cost multiplies each object by the page sizes above it: first, a variable, or 20 for a list that nothing sizes', () => {
    const measure = (query: string, variables?: Record<string, unknown>) => measureOperations(parse(query), { schema, costDirectives, variables }).cost;
    // PodcastConnection 1 + 500 × (PodcastEdge 1 + Podcast 1): its first sizes its edges (@listSize sizedFields); leaves weigh 0.
    expect(measure('{ podcasts(first: 500) { totalCount edges { node { id } } } }')).toBe(1 + 500 * 2);
    expect(measure('query($n: Int) { podcasts(first: $n) { edges { node { id } } } }', { n: 7 })).toBe(1 + 7 * 2);
    expect(measure('{ podcasts(first: 100000) { totalCount } }')).toBe(1);
    expect(measure('{ podcasts { edges { node { id } } } }')).toBe(1 + 20 * 2);
    expect(measure('{ podcast { tags } }')).toBe(1);
    expect(measure('{ tags }')).toBe(0);
    expect(measure('{ podcasts(first: 2) { edges { node { episodes(first: 3) { edges { node { title } } } } } } }')).toBe(1 + 2 * (1 + 1 + 1 + 3 * (1 + 1)));
    // Without a schema, a sized field multiplies its own selection, and a field with a selection weighs 1.
    expect(measureOperations(parse('{ podcasts(first: 500) { edges { node { id } } } }')).cost).toBe(1 + 500 * 2);
    // __typename and introspection cost nothing and nest no deeper.
    expect(measureOperations(parse('{ __typename podcast { __typename } }'), { schema })).toMatchObject({ cost: 1, depth: 1 });
  });

  it('aliases and root fields count every fragment spread, and a fragment cycle adds nothing', () => {
    const aliases = measureOperations(parse('{ ...A ...A } fragment A on Query { a: podcast { id } b: podcast { id } }'));
    expect(aliases).toMatchObject({ aliases: 4, rootFields: 4 });
    expect(measureOperations(parse('{ ...A } fragment A on Query { ...B } fragment B on Query { podcast { id } ...A }'))).toMatchObject({ depth: 2 });
  });

  it('limits refuse with what was measured, what the limit is and what to do', () => {
    const limits = createOperationLimits({ maxDepth: 4, maxCost: 1_000, maxAliases: 2, maxRootFields: 3, maxTokens: 50, schema: () => schema, costDirectives: () => costDirectives });
    expect(limits.check('{ podcast { episodes { edges { node { id } } } } }')).toMatchObject({
      message: 'The operation nests 5 levels deep; the limit is 4. Split it into shallower operations.',
      extensions: { code: 'QUERY_TOO_DEEP' },
    });
    expect(limits.check('{ a: podcast { id } b: podcast { id } c: podcast { id } }')?.message).toMatch(/^The operation has 3 aliases .*the limit is 2/);
    expect(limits.check('{ podcast { id } tags __typename podcasts { totalCount } }')?.message).toMatch(/^The operation selects 4 root fields/);
    expect(limits.check('{ podcasts(first: 500) { edges { node { id } } } }')).toMatchObject({
      message: expect.stringMatching(/^The operation's estimated cost is 1,001; the limit is 1,000/),
      extensions: { code: 'COST_ESTIMATED_TOO_EXPENSIVE', estimatedCost: 1001, maxCost: 1000 },
    });
    expect(limits.check(`{ ${'__typename '.repeat(60)} }`)?.message).toMatch(/^The document has more than 50 tokens/);
    expect(limits.check('{ podcasts(first: 10) { edges { node { id } } } }')).toBeUndefined();
    // A document that does not parse is left to the server's parser, which says what is wrong with it.
    expect(limits.check('{ podcast { ')).toBeUndefined();
  });
});
