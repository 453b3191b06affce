import { describe, expect, it } from 'vitest';
import { POLYSEMES } from '../../schema/index.ts';
import { createSubgraphServer, PolysemeError, type DomainDefinition } from '../../subgraphs/kit/index.ts';
import { buildDomainSchema } from '../../subgraphs/kit/buildDomainSchema.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';

const concerts = (sdl: string, extra: Partial<DomainDefinition> = {}): DomainDefinition => ({
  name: 'concerts',
  description: 'Live concerts.',
  team: { name: 'Live', email: 'live@example.com' },
  schema: { source: 'subgraphs/concerts/schema.graphql', sdl },
  resolvers: {},
  dataProducts: [],
  ...extra,
});

describe('polysemes', () => {
  const leftovers = useLeftovers();

  it('are defined once in schema/polysemes.graphql, each with its key, owner and URN pattern', () => {
    expect([...POLYSEMES.values()].map(({ name, key, owner, urnPattern }) => ({ name, key, owner, urnPattern }))).toEqual([
      { name: 'Artist', key: 'id', owner: 'artists', urnPattern: 'urn:meshgraph:artist:{id}' },
      { name: 'Listener', key: 'id', owner: 'listeners', urnPattern: 'urn:meshgraph:listener:{id}' },
      { name: 'Podcast', key: 'id', owner: 'podcasts', urnPattern: 'urn:meshgraph:podcast:{id}' },
      { name: 'Episode', key: 'id', owner: 'podcasts', urnPattern: 'urn:meshgraph:episode:{id}' },
    ]);
  });

  it('a domain that declares a polyseme with another key does not start: the message names the polyseme, the key expected and the file', () => {
    const domain = concerts('type Query { headliner: Artist } type Artist @key(fields: "name") { name: String! }');
    expect(() => buildDomainSchema(domain)).toThrow(PolysemeError);
    expect(() => buildDomainSchema(domain)).toThrow(
      'subgraphs/concerts/schema.graphql: polyseme "Artist" is declared with @key(fields: "name"), but schema/polysemes.graphql defines it with @key(fields: "id").',
    );
  });

  it('a polyseme declared without a key is refused too', () => {
    expect(() => buildDomainSchema(concerts('type Query { a: Artist } type Artist { id: ID! }'))).toThrow(
      'subgraphs/concerts/schema.graphql: polyseme "Artist" is declared without a key.',
    );
  });

  it('a syntax error names the file', () => {
    expect(() => buildDomainSchema(concerts('type Query { a: }'))).toThrow(/^subgraphs\/concerts\/schema\.graphql: Syntax Error/);
  });

  it('every declaration of a polyseme gets its URN, and _entities resolves many references with one store call', async () => {
    let storeCalls = 0;
    const domain = concerts(
      `type Query { headliner: Artist }
       type Artist @key(fields: "id") { id: ID! concerts: Int! }`,
      {
        resolvers: { Query: { headliner: () => ({ id: 'a-1', concerts: 3 }) } },
        entities: {
          Artist: (keys) => {
            storeCalls++;
            return keys.map((key) => (key['id'] === 'a-404' ? null : { id: key['id'], concerts: Number(String(key['id']).slice(2)) }));
          },
        },
      },
    );
    const server = leftovers.track(await createSubgraphServer({ domain, logger: captureLogger('concerts') }));
    const ids = ['a-1', 'a-2', 'a-3', 'a-2', 'a-404'];
    const { body } = await postGraphQL(server.url, {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Artist { id urn concerts } } }',
      variables: { r: ids.map((id) => ({ __typename: 'Artist', id })) },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!._entities).toEqual([
      { id: 'a-1', urn: 'urn:meshgraph:artist:a-1', concerts: 1 },
      { id: 'a-2', urn: 'urn:meshgraph:artist:a-2', concerts: 2 },
      { id: 'a-3', urn: 'urn:meshgraph:artist:a-3', concerts: 3 },
      { id: 'a-2', urn: 'urn:meshgraph:artist:a-2', concerts: 2 },
      null,
    ]);
    expect(storeCalls).toBe(1);
  });

  it('a loader that returns the wrong number of results fails the request with a message that says so', async () => {
    const domain = concerts('type Query { a: Artist } type Artist @key(fields: "id") { id: ID! }', { entities: { Artist: () => [] } });
    const server = leftovers.track(await createSubgraphServer({ domain, development: true, logger: captureLogger('concerts') }));
    const { body } = await postGraphQL(server.url, {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Artist { id } } }',
      variables: { r: [{ __typename: 'Artist', id: 'a-1' }] },
    });
    expect(body.errors![0]!.message).toBe('Entity loader for "Artist" returned 0 result(s) for 1 key(s); it must return one entity or null per key, in order.');
  });

  it('an entity loader for a type that is not an entity is refused at start-up', () => {
    expect(() => buildDomainSchema(concerts('type Query { a: Int } type Venue { id: ID! }', { entities: { Venue: () => [] } }))).toThrow(
      'domain "concerts" has an entity loader for "Venue", but the schema declares no type "Venue" with @key.',
    );
  });

  it('the kit links every Federation 2 directive a team may use, the newer ones included', () => {
    const sdl = `type Query { stages(first: Int): [Stage!]! @listSize(slicingArguments: ["first"]) @cost(weight: 2) }
                 type Stage @key(fields: "id") @context(name: "stage") { id: ID! name: String! }`;
    expect(() => buildDomainSchema(concerts(sdl))).not.toThrow();
  });
});
