import { describe, expect, it } from 'vitest';
import { PolysemeError, type DomainDefinition } from '../../subgraphs/kit/index.ts';
import { buildDomainSchema } from '../../subgraphs/kit/buildDomainSchema.ts';

const merch = (sdl: string): DomainDefinition => ({
  name: 'merch',
  description: 'Band merchandise.',
  team: { name: 'Merch', email: 'merch@example.com' },
  schema: { source: 'merch/schema.graphql', sdl },
  resolvers: {},
  dataProducts: [],
});

describe('a polyseme key of another type is refused at the domain', () => {
  it('Artist declared with id: String! (the mesh says ID!) stops the domain, naming the field, both types and the file', () => {
    const domain = merch('type Query { bestSeller: Artist } type Artist @key(fields: "id") { id: String! shirts: Int }');
    expect(() => buildDomainSchema(domain)).toThrow(PolysemeError);
    expect(() => buildDomainSchema(domain)).toThrow(
      'merch/schema.graphql: polyseme "Artist" declares its key field "id" as String!, but schema/polysemes.graphql defines it as ID!.',
    );
  });

  it('the key as the mesh defines it builds', () => {
    expect(() => buildDomainSchema(merch('type Query { bestSeller: Artist } type Artist @key(fields: "id") { id: ID! shirts: Int }'))).not.toThrow();
  });
});
