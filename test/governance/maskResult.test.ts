import { buildSchema, execute, parse, type ExecutionResult, type GraphQLFieldResolver } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Restriction } from '../../governance/enforcement/index.ts';
import { maskResult, restrictionError, type RowDecision } from '../../governance/enforcement/maskResult.ts';

/** A small graph with what masking must get right: lists, non-null fields, an interface, a union, nested objects. */
const schema = buildSchema(/* GraphQL */ `
  interface Node { id: ID! }
  type Listener implements Node { id: ID! email: String country: String birthYear: Int! plays: [Play!] }
  type Play implements Node { id: ID! device: String listener: Listener! episode: Episode }
  type Episode implements Node { id: ID! title: String! secret: String }
  union SearchResult = Listener | Episode
  type Query {
    listeners: [Listener]
    strictListeners: [Listener!]!
    node(id: ID!): Node
    search: [SearchResult!]
    top: Listener!
    inherited: [Listener]
  }
`);

const EU = new Set(['DE', 'FR']);
const masked = (rule: string, pseudonymise = false): Restriction => ({ rule, decision: 'masked', pseudonymise, product: 'urn:meshgraph:listeners:listener-profiles:v1', level: 'pii', remedy: 'ask' });
/** Email is pseudonymised, birth year (non-null) and Episode.secret masked; EU rows' countries masked by a row rule. */
const decide: RowDecision = (type, field, row) => {
  if (type === 'Listener' && field === 'email') return masked('pii-needs-agreement', true);
  if (type === 'Listener' && field === 'birthYear') return masked('pii-needs-agreement');
  if (type === 'Episode' && field === 'secret') return { rule: '@requiresScopes', decision: 'denied', pseudonymise: false, remedy: 'scopes' };
  if (type === 'Listener' && field === 'country' && EU.has(row['__meshgraph_row_country'] as string)) return masked('eu-personal-data-stays-in-eu');
  return undefined;
};
const pseudonym = (value: unknown) => `pseudo:${String(value).length}`;

const listener = (id: string, country: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'Listener',
  id,
  email: `${id}@example.com`,
  country,
  __meshgraph_row_country: country,
  birthYear: 1990,
  plays: [{ id: `${id}-p1`, device: 'web', episode: { __typename: 'Episode', id: 'e1', title: 'One', secret: 's' } }],
  ...extra,
});

/** What the gateway fetched for the documents below (keys by response key; a few only some documents ask for). */
const DATA = {
  listeners: [listener('l1', 'DE'), null, listener('l2', 'US', { email: null, mail: 'l2@example.com', who: 'l2' })],
  strictListeners: [listener('l3', 'US'), listener('l4', 'FR')],
  node: { __typename: 'Listener', id: 'l5', email: 'l5@example.com', country: 'US', __meshgraph_row_country: 'US', birthYear: 1980 },
  search: [listener('l6', 'FR'), { __typename: 'Episode', id: 'e2', title: 'Two', secret: 'x', name: 'Two' }],
  top: listener('l7', 'US'),
  // Fetched under response keys every object inherits: JSON gives them as the row's own.
  inherited: JSON.parse('[{"__typename":"Listener","constructor":"l8","__proto__":"l8@example.com","toString":"DE","__meshgraph_row_country":"DE","id":"l8"}]') as unknown,
};

/** The reference: graphql-js executing the client's document over the fetched result, each field read by its response key (what masking did before). */
function byGraphqlJs(result: ExecutionResult, document: string, variables?: Record<string, unknown>, operationName?: string): ExecutionResult {
  const fieldResolver: GraphQLFieldResolver<Record<string, unknown>, unknown> = (row, _args, _context, info) => {
    const value = row[String(info.path.key)];
    const restriction = decide(info.parentType.name, info.fieldName, row);
    if (!restriction) return value;
    if (restriction.pseudonymise && value !== null && value !== undefined) return pseudonym(value);
    return restrictionError(`${info.parentType.name}.${info.fieldName}`, restriction);
  };
  const masked = execute({ schema, document: parse(document), operationName, variableValues: variables, rootValue: result.data, fieldResolver }) as ExecutionResult;
  const errors = [...(result.errors ?? []), ...(masked.errors ?? [])];
  return { ...result, data: masked.data ?? null, ...(errors.length > 0 ? { errors } : {}) };
}

/** A result as the client receives it: JSON (errors as message, locations, path, extensions). */
const asJson = (result: ExecutionResult) => JSON.parse(JSON.stringify(result));

const DOCUMENTS: [string, string, Record<string, unknown>?][] = [
  ['plain fields, a pseudonym, a null row, a row rule', '{ listeners { id email country } }'],
  ['aliases, the same field twice, a field another alias fetched', '{ listeners { who: id id mail: email email } }'],
  ['a non-null field masked: its object becomes null', '{ listeners { id birthYear } }'],
  ['non-null all the way up: the root becomes null', '{ strictListeners { id birthYear } }'],
  ['a non-null root field whose object cannot be null', '{ top { id birthYear } }'],
  ['nested lists and objects, a denied field', '{ listeners { id plays { id device episode { title secret } } } }'],
  ['named and inline fragments, on the interface and the object, __typename', 'query Q { node(id: "l5") { __typename ...N ... on Listener { email country } } } fragment N on Node { id ... on Listener { birthYear } }'],
  ['a union, fragments per member, __typename', '{ search { __typename ... on Listener { id country } ... on Episode { name: title secret } } }'],
  ['@skip and @include with variables and a default', 'query Q($skip: Boolean!, $include: Boolean = true) { listeners { id email @skip(if: $skip) country @include(if: $include) } }', { skip: true }],
  ['a fragment spread twice, and skipped', 'query Q($no: Boolean!) { listeners { ...F ...F ... on Listener @include(if: $no) { email } } } fragment F on Listener { id country }', { no: false }],
  ['an operation chosen by name', 'query A { top { id } } query B { listeners { email } }'],
  ['response keys every object inherits', '{ inherited { constructor: id __proto__: email toString: country id } }'],
];

describe('masking walks the result as graphql-js would execute the client document over it', () => {
  it.each(DOCUMENTS)('%s', (_, document, variables) => {
    const fetched: ExecutionResult = { data: DATA, errors: [restrictionError('Upstream.field', masked('upstream'))] };
    const operationName = document.startsWith('query A') ? 'B' : undefined;
    const expected = asJson(byGraphqlJs(fetched, document, variables, operationName));
    const actual = asJson(maskResult(fetched, { schema, document: parse(document), operationName, variables, decide, pseudonym }));
    expect(actual).toEqual(expected);
  });

  it('masks the rows a row rule names, and keeps none of the keys the gateway fetched for itself', () => {
    const result = asJson(maskResult({ data: DATA }, { schema, document: parse('{ listeners { id country } }'), operationName: undefined, variables: undefined, decide, pseudonym }));
    expect(result.data).toEqual({ listeners: [{ id: 'l1', country: null }, null, { id: 'l2', country: 'US' }] });
    expect(result.errors).toEqual([expect.objectContaining({ path: ['listeners', 0, 'country'], extensions: expect.objectContaining({ rule: 'eu-personal-data-stays-in-eu', code: 'FORBIDDEN' }) })]);
  });
});
