import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createOperationLimits, measureActualCost, measureOperations, readCostDirectives } from '../../server/index.ts';

// The examples of Apollo Router's demand control page (IBM's GraphQL Cost Directive specification), and a Relay connection.
const SDL = `
  directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
  type Query {
    book(id: ID): Book
    bestsellers: [Book] @listSize(assumedSize: 5)
    newestAdditions(after: ID, limit: Int!): [Book] @listSize(slicingArguments: ["limit"])
    shelves: [Book]
    plays(first: Int, after: String, country: String @cost(weight: 3), filter: PlayFilter): PlayConnection
      @listSize(assumedSize: 20, slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)
    strict(first: Int, last: Int): [Book] @listSize(slicingArguments: ["first", "last"])
    search(text: String): [Book] @cost(weight: 50) @listSize(assumedSize: 10)
  }
  type Mutation { addBook(title: String): Book }
  type Book { title: String author: Author publisher: Publisher }
  type Author { name: String }
  type Publisher { name: String address: Address }
  type Address @cost(weight: 5) { zipCode: Int! }
  type PlayConnection { edges: [PlayEdge!]! totalCount: Int! }
  type PlayEdge { cursor: String! node: Play! }
  type Play { id: ID! }
  input PlayFilter { device: String @cost(weight: 2) }
`;
const schema = buildSchema(SDL);
const costDirectives = readCostDirectives(parse(SDL));
const BOOK = '{ title author { name } publisher { name address { zipCode } } }';
const cost = (query: string, variables?: Record<string, unknown>) => measureOperations(parse(query), { schema, costDirectives, variables }).cost;

describe('estimated cost (IBM cost directives, as Apollo Router reads them)', () => {
  it('objects weigh 1, leaves 0, and a type @cost weighs what it says', () => {
    // 1 book + 1 author + 1 publisher + 1 address: 4 without Address's @cost(weight: 5), 8 with it.
    expect(measureOperations(parse(`{ book(id: 1) ${BOOK} }`), { schema }).cost).toBe(4);
    expect(cost(`{ book(id: 1) ${BOOK} }`)).toBe(8);
  });

  it('lists multiply by the slicing argument (a variable too), else @listSize assumedSize, else the default list size', () => {
    expect(cost(`{ bestsellers ${BOOK} }`)).toBe(40);
    expect(cost(`{ newestAdditions(limit: 3) ${BOOK} }`)).toBe(24);
    expect(cost(`query($n: Int!) { newestAdditions(limit: $n) ${BOOK} }`, { n: 7 })).toBe(56);
    expect(cost(`{ shelves ${BOOK} }`)).toBe(20 * 8);
    expect(measureOperations(parse(`{ shelves ${BOOK} }`), { schema, costDirectives, defaultListSize: 3 }).cost).toBe(3 * 8);
  });

  it('a connection sizes its sized fields (edges) by first, and a field or argument @cost adds its weight', () => {
    // PlayConnection 1 + 500 × (PlayEdge 1 + Play 1); totalCount and cursors are leaves.
    expect(cost('{ plays(first: 500) { totalCount edges { cursor node { id } } } }')).toBe(1 + 500 * 2);
    expect(cost('query($n: Int) { plays(first: $n) { edges { node { id } } } }', { n: 7 })).toBe(1 + 7 * 2);
    expect(cost('{ plays { edges { node { id } } } }')).toBe(1 + 20 * 2);
    expect(cost('{ plays(first: 10, country: "GB") { totalCount } }')).toBe(1 + 3);
    expect(cost('{ plays(first: 10, filter: { device: "TV" }) { totalCount } }')).toBe(1 + 1 + 2);
    expect(cost('{ search(text: "a") { title } }')).toBe(10 * 50);
    // 300 aliases of plays(first: 500).
    const aliases = Array.from({ length: 300 }, (_, i) => `p${i}: plays(first: 500) { edges { node { id } } }`).join(' ');
    expect(cost(`{ ${aliases} }`)).toBe(300 * 1001);
  });

  it('a mutation costs 10 more, and fragments cost what they expand to', () => {
    expect(cost('mutation { addBook(title: "x") { title } }')).toBe(11);
    expect(cost('{ ...F ...F } fragment F on Query { book { title } }')).toBe(2);
  });

  it('a field that requires one slicing argument refuses an operation that gives none, or two', () => {
    const limits = createOperationLimits({ schema: () => schema, costDirectives: () => costDirectives });
    expect(limits.check('{ strict(first: 2) { title } }')).toBeUndefined();
    expect(limits.check('{ strict { title } }')).toMatchObject({
      message: expect.stringContaining('"Query.strict" takes exactly one of its slicing arguments ("first", "last"); the operation gives 0'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(limits.check('{ strict(first: 1, last: 1) { title } }')?.message).toContain('the operation gives 2');
  });

  it('over maxCost is refused with COST_ESTIMATED_TOO_EXPENSIVE, the estimate and the limit; every estimate is reported', () => {
    const estimates: [number, boolean][] = [];
    const limits = createOperationLimits({ maxCost: 1_000, schema: () => schema, costDirectives: () => costDirectives, onEstimate: (c, refused) => estimates.push([c, refused]) });
    expect(limits.check('{ plays(first: 500) { edges { node { id } } } }')).toMatchObject({
      message: expect.stringMatching(/^The operation's estimated cost is 1,001; the limit is 1,000\./),
      extensions: { code: 'COST_ESTIMATED_TOO_EXPENSIVE', estimatedCost: 1001, maxCost: 1000 },
    });
    expect(limits.check('{ plays(first: 499) { edges { node { id } } } }')).toBeUndefined();
    expect(estimates).toEqual([[1001, true], [999, false]]);
  });

  it('a document sent again is estimated on the weights served now: a publication that changes them changes its estimate', () => {
    const heavier = readCostDirectives(parse(SDL.replace('type Address @cost(weight: 5)', 'type Address @cost(weight: 50)')));
    let served = costDirectives;
    const estimates: number[] = [];
    const limits = createOperationLimits({ schema: () => schema, costDirectives: () => served, onEstimate: (c) => estimates.push(c) });
    const query = '{ book { publisher { address { zipCode } } } }';
    limits.check(query);
    limits.check(query);
    served = heavier;
    limits.check(query);
    limits.check(query, { unused: 1 });
    expect(estimates).toEqual([7, 7, 52, 52]);
  });

  it('the number of fields is limited, fragments expanded', () => {
    const limits = createOperationLimits({ maxFields: 5, schema: () => schema });
    expect(limits.check('{ book { title author { name } } }')).toBeUndefined();
    expect(limits.check('{ ...F ...F } fragment F on Query { book { title author { name } } }')).toMatchObject({
      message: 'The operation selects 8 fields (fragments expanded); the limit is 5. Ask for fewer fields, or split it into several operations.',
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
  });
});

describe('actual cost', () => {
  it('counts the objects and list items of the response, with the same weights', () => {
    const document = parse('{ plays(first: 500, country: "GB") { totalCount edges { node { id } } } book { title publisher { address { zipCode } } } }');
    const data = {
      plays: { totalCount: 3, edges: [{ node: { id: 'a' } }, { node: { id: 'b' } }, { node: { id: 'c' } }] },
      book: { title: 't', publisher: null },
    };
    // plays 1 + country 3 + 3 × (edge 1 + play 1); book 1, its publisher null.
    expect(measureActualCost(document, data, { schema, costDirectives })).toBe(1 + 3 + 3 * 2 + 1);
  });

  it('counts a fragment each time it is spread: in each item of a list, and again beside itself', () => {
    const document = parse('{ book { ...B } bestsellers { ...B ...B } } fragment B on Book { publisher { address { zipCode } } }');
    const book = { publisher: { address: { zipCode: 1 } } };
    // Each book 1, and each spread of B its publisher 1 and address 5: a spread counts each time, as in the estimate.
    expect(measureActualCost(document, { book, bestsellers: [book, book] }, { schema, costDirectives })).toBe(7 + 2 * (7 + 6));
  });

  it("counts a fragment on another type, an interface or a union by each object's __typename, and one without it always", () => {
    const sdl = `
      directive @cost(weight: Int!) on FIELD_DEFINITION | OBJECT
      type Query { feed: [Item] }
      interface Media { title: String @cost(weight: 2) }
      type Track implements Media { title: String artist: Artist }
      type Episode implements Media { title: String show: Show @cost(weight: 4) }
      type Artist { name: String }
      type Show { name: String }
      union Item = Track | Episode
    `;
    const document = parse('{ feed { ... on Media { title } ... on Track { artist { name } } ...E } } fragment E on Episode { show { name } mine: show { name } }');
    const feed = [{ __typename: 'Track', title: 't', artist: { name: 'a' } }, { __typename: 'Episode', title: 'e', show: { name: 's' }, mine: { name: 's' } }, { title: 'x', artist: { name: 'b' }, show: null }];
    const options = { schema: buildSchema(sdl), costDirectives: readCostDirectives(parse(sdl)) };
    // Three items 1 each, each title (on Media) 2; the track's artist 1; the episode's show 4 twice (under its alias too); the item without __typename takes every fragment: its artist 1, its show null.
    expect(measureActualCost(document, { feed }, options)).toBe(3 + 3 * 2 + 1 + 2 * 4 + 1);
  });

  it('measures each response of a document afresh, with the weights and variables it ran with', () => {
    let directives = costDirectives;
    const limits = createOperationLimits({ schema: () => schema, costDirectives: () => directives });
    const document = parse('query($c: String) { book { publisher { address { zipCode } } } plays(country: $c) { totalCount } }');
    const book = { publisher: { address: { zipCode: 1 } } };
    expect(limits.actualCost(document, { book, plays: null })).toBe(1 + 1 + 5);
    expect(limits.actualCost(document, { book: { publisher: null }, plays: null })).toBe(1);
    expect(limits.actualCost(document, { book, plays: { totalCount: 1 } }, { c: 'GB' })).toBe(1 + 1 + 5 + 1 + 3);
    directives = readCostDirectives(parse(SDL.replace('type Address @cost(weight: 5)', 'type Address @cost(weight: 9)')));
    expect(limits.actualCost(document, { book, plays: null })).toBe(1 + 1 + 9);
  });
});
