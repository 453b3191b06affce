import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { aliasRequiredFieldNames, buildCorrectedQueryPlan, resolvableKeysFirst, splitConflictingRequires, unplannedRootFields } from '../../../gateway/execution/corrections/index.ts';
import { composeSupergraph } from '../../../gateway/index.ts';
import { keysMashup, nonResolvableInterfaceObject, requiresWithArgument, requiresWithArgumentConflict, type CorrectnessSubgraph } from '../../support/correctnessSubgraphs.ts';

const supergraphSdlOf = (subgraphs: readonly CorrectnessSubgraph[]) => composeSupergraph(subgraphs.map(({ name, sdl }) => ({ name, url: `http://${name}.test/graphql`, sdl })));

/** Apollo's own plan of `query` over the supergraph, as the gateway builds it. */
function planOf(supergraph: Supergraph, query: string): QueryPlan {
  return new QueryPlanner(supergraph).buildQueryPlan(operationFromDocument(supergraph.apiSchema(), parse(query)));
}

/** The plan's fetches in the order they run, with the path each one reads and writes. */
function fetchesOf(plan: QueryPlan): { fetch: FetchNode; path: string }[] {
  const fetches: { fetch: FetchNode; path: string }[] = [];
  const walk = (node: PlanNode, path: (string | number)[]) => {
    if (node.kind === 'Fetch') fetches.push({ fetch: node, path: path.join('.') });
    else if (node.kind === 'Flatten') walk(node.node, [...path, ...node.path]);
    else if (node.kind === 'Sequence' || node.kind === 'Parallel') node.nodes.forEach((child) => walk(child, path));
  };
  walk(plan.node as PlanNode, []);
  return fetches;
}

/** A fetch's operation on one line, for matching. */
const operationOf = (fetch: FetchNode) => print(parse(fetch.operation)).replace(/\s+/g, ' ');

describe('with several keys, the planner goes back after a @requires by a key the subgraph resolves (resolvableKeysFirst)', () => {
  const query = '{ b { id a { id name nameInB } } }';

  it("Apollo's plan sends b representations by its non-resolvable key; corrected, by `id compositeId { two three }`, fetched beforehand", () => {
    const sdl = supergraphSdlOf(keysMashup);
    const requiresOfLastFetch = (plan: QueryPlan) => JSON.stringify(fetchesOf(plan).at(-1)!.fetch.requires);

    const apollo = planOf(Supergraph.build(sdl), query);
    expect(requiresOfLastFetch(apollo)).toContain('"one"');
    expect(requiresOfLastFetch(apollo)).not.toContain('"three"');

    const corrected = planOf(Supergraph.build(resolvableKeysFirst(sdl)), query);
    const [first, , last] = fetchesOf(corrected);
    expect(last!.fetch.serviceName).toBe('b');
    expect(last!.fetch.requires).toEqual([
      {
        kind: 'InlineFragment',
        typeCondition: 'A',
        selections: [
          { kind: 'Field', name: '__typename' },
          { kind: 'Field', name: 'name' },
          { kind: 'Field', name: 'id' },
          { kind: 'Field', name: 'compositeId', selections: [{ kind: 'Field', name: 'two' }, { kind: 'Field', name: 'three' }] },
        ],
      },
    ]);
    expect(operationOf(first!.fetch)).toContain('compositeId { two three }');
  });

  it('leaves a supergraph without non-resolvable keys as it is', () => {
    const sdl = supergraphSdlOf(requiresWithArgumentConflict);
    expect(resolvableKeysFirst(sdl)).toBe(sdl);
  });
});

describe("a client's field that a @requires also selects, with other arguments, is aliased apart (aliasRequiredFieldNames)", () => {
  const supergraph = Supergraph.build(supergraphSdlOf(requiresWithArgument));

  it("Apollo's plan drops the client's comments(limit: 1) for the requirement's comments(limit: 3); aliased, both are fetched", () => {
    const query = '{ feed { author { id } comments(limit: 1) { id } } }';
    const apollo = fetchesOf(planOf(supergraph, query)).map(({ fetch }) => operationOf(fetch));
    expect(apollo.join('\n')).not.toContain('limit: 1');

    const { document, responseNames } = aliasRequiredFieldNames(parse(query), supergraph);
    expect(print(document).replace(/\s+/g, ' ')).toBe('{ feed { author { id } _mg_comments: comments(limit: 1) { id } } }');
    expect([...responseNames]).toEqual([['_mg_comments', 'comments']]);
    const corrected = fetchesOf(planOf(supergraph, print(document))).find(({ fetch, path }) => fetch.serviceName === 'd' && path === 'feed.@' && !JSON.stringify(fetch.requires).includes('comments'));
    expect(operationOf(corrected!.fetch)).toContain('_mg_comments: comments(limit: 1) { id }');
    expect(operationOf(corrected!.fetch)).toContain('comments(limit: 3) { __typename id }');
  });

  it('gives the same alias to the same field in two fragments, so that they still merge', () => {
    const query = `query ($limit: Int = 1) { feed { author { id } ...Foo ...Bar } }
      fragment Foo on Post { comments(limit: $limit) { id } }
      fragment Bar on Post { comments(limit: $limit) { id } }`;
    const { document } = aliasRequiredFieldNames(parse(query), supergraph);
    expect(print(document).match(/_mg_comments: comments\(limit: \$limit\)/g)).toHaveLength(2);
    expect(() => planOf(supergraph, print(document))).not.toThrow();
  });

  it("leaves an operation alone when no field of it is required elsewhere, and never takes a client's alias", () => {
    const plain = parse('{ feed { id } }');
    expect(aliasRequiredFieldNames(plain, supergraph).document).toBe(plain);
    const { document } = aliasRequiredFieldNames(parse('{ feed { _mg_x: id comments(limit: 2) { id } } }'), supergraph);
    expect(print(document)).toContain('_mg1_comments: comments(limit: 2)');
  });
});

describe('two @requires of one field with different arguments are fetched apart (splitConflictingRequires)', () => {
  const supergraph = Supergraph.build(supergraphSdlOf(requiresWithArgumentConflict));

  it("Apollo's plan fetches one price for both estimates; corrected, each estimate's fetch sends its own currency's price", () => {
    const apollo = planOf(supergraph, '{ products { upc shippingEstimate shippingEstimateEUR } }');
    expect(fetchesOf(apollo).map(({ fetch }) => operationOf(fetch)).join('\n').match(/price\(/g)).toHaveLength(1);

    const [b, ...a] = fetchesOf(splitConflictingRequires(apollo, { supergraph }));
    expect(operationOf(b!.fetch)).toBe('{ products { __typename upc price(currency: "EUR") weight _mg_required0_price: price(currency: "USD") } }');
    expect(a.map(({ fetch, path }) => [fetch.serviceName, path, operationOf(fetch).match(/shippingEstimate\w*/g)])).toEqual([
      ['a', 'products.@', ['shippingEstimate']],
      ['a', 'products.@', ['shippingEstimateEUR']],
    ]);
    // The USD estimate reads the aliased price and sends it as `price`.
    const priceOf = (fetch: FetchNode) => (fetch.requires![0] as { selections: { name: string; alias?: string }[] }).selections.find((s) => s.name === 'price');
    expect(priceOf(a[0]!.fetch)).toEqual({ kind: 'Field', name: 'price', alias: '_mg_required0_price' });
    expect(priceOf(a[1]!.fetch)).toEqual({ kind: 'Field', name: 'price' });
  });

  it('returns a plan whose requirements agree as it is', () => {
    const plan = planOf(supergraph, '{ products { upc shippingEstimate } }');
    expect(splitConflictingRequires(plan, { supergraph })).toBe(plan);
  });
});

describe('a root field the planner left out is an error, not a null (unplannedRootFields)', () => {
  const supergraph = Supergraph.build(supergraphSdlOf(nonResolvableInterfaceObject));
  const errorsOf = (query: string) => {
    const operation = operationFromDocument(supergraph.apiSchema(), parse(query));
    return unplannedRootFields(new QueryPlanner(supergraph).buildQueryPlan(operation), operation).map((error) => error.toJSON());
  };

  it('{ a { field } }: no subgraph returns a Node, and the plan is empty', () => {
    expect(errorsOf('{ a { field } }')).toEqual([
      { message: 'Cannot resolve field "Query.a": no subgraph returns an object of type "Node" with the fields selected.', path: ['a'], extensions: { code: 'QUERY_PLANNING_FAILED' } },
    ]);
  });

  it('fields the plan fetches, under an alias or a fragment too, and __typename, are no error', () => {
    expect(errorsOf('{ a { id } b { id field } }')).toEqual([]);
    expect(errorsOf('{ other: b { id } ... on Query { b { field } } __typename }')).toEqual([]);
  });
});

describe('one operation planned with every correction (buildCorrectedQueryPlan)', () => {
  const corrected = (subgraphs: readonly CorrectnessSubgraph[], query: string) => {
    const supergraph = Supergraph.build(resolvableKeysFirst(supergraphSdlOf(subgraphs)));
    return buildCorrectedQueryPlan(new QueryPlanner(supergraph), supergraph, parse(query));
  };
  const operations = (plan: QueryPlan) => fetchesOf(plan).map(({ fetch }) => operationOf(fetch)).join('\n');

  it('each of the four wrong answers gets the plan, names and errors that put it right', () => {
    const comments = corrected(requiresWithArgument, '{ feed { author { id } comments(limit: 1) { id } } }');
    expect(operations(comments.plan)).toContain('_mg_comments: comments(limit: 1)');
    expect(comments.responseNames.get('_mg_comments')).toBe('comments');
    expect(comments.operation.toString()).toContain('_mg_comments: comments(limit: 1)');

    expect(operations(corrected(requiresWithArgumentConflict, '{ products { shippingEstimate shippingEstimateEUR } }').plan)).toContain('_mg_required0_price: price(currency: "USD")');

    const unresolvable = corrected(nonResolvableInterfaceObject, '{ a { field } }');
    expect(unresolvable.errors.map((error) => error.extensions['code'])).toEqual(['QUERY_PLANNING_FAILED']);

    const keys = corrected(keysMashup, '{ b { id a { id name nameInB } } }');
    expect(JSON.stringify(fetchesOf(keys.plan).at(-1)!.fetch.requires)).toContain('"three"');
    expect([comments, keys].flatMap((c) => c.errors)).toEqual([]);
  });
});
