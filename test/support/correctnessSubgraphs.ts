import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { SubgraphEndpoint } from '../../gateway/index.ts';

/**
 * Subgraphs on which Apollo's gateway answers wrongly, after the suites of
 * The Guild's federation-gateway-audit of the same names (their SDL and data,
 * cut to what each wrong answer needs).
 */
export interface CorrectnessSubgraph {
  name: string;
  sdl: string;
  /** Resolvers by type and field, `__resolveReference` included, as `@apollo/subgraph` takes them. */
  resolvers: Record<string, Record<string, (...args: never[]) => unknown>>;
}

const posts = ['p1', 'p2'];
const comments = [
  { id: 'c1', postId: 'p1', authorId: 'a2' },
  { id: 'c2', postId: 'p1', authorId: 'a2' },
  { id: 'c3', postId: 'p1', authorId: 'a2' },
  { id: 'c4', postId: 'p2', authorId: 'a1' },
  { id: 'c5', postId: 'p2', authorId: 'a1' },
  { id: 'c6', postId: 'p2', authorId: 'a1' },
  { id: 'c7', postId: 'p2', authorId: 'a1' },
];

/**
 * requires-with-argument: `Post.author` (in `d`) requires `comments(limit: 3) { authorId }`,
 * `comments` from `d` and each comment's `authorId` from `c`, while clients ask
 * `comments` with a limit of their own.
 */
export const requiresWithArgument: readonly CorrectnessSubgraph[] = [
  {
    name: 'c',
    sdl: /* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type Query {
        feed: [Post]
      }
      type Post @key(fields: "id") {
        id: ID!
      }
      type Comment @key(fields: "id") {
        id: ID!
        authorId: ID
      }
    `,
    resolvers: {
      Query: { feed: () => posts.map((id) => ({ id })) },
      Post: { __resolveReference: ({ id }: { id: string }) => (posts.includes(id) ? { id } : null) },
      Comment: { __resolveReference: ({ id }: { id: string }) => comments.find((comment) => comment.id === id) ?? null },
    },
  },
  {
    name: 'd',
    sdl: /* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])
      type Post @key(fields: "id") {
        id: ID!
        author: Author @requires(fields: "comments(limit: 3) { authorId }")
        comments(limit: Int!): [Comment]
      }
      type Comment @key(fields: "id") {
        id: ID!
        authorId: ID @external
      }
      type Author {
        id: ID!
      }
    `,
    resolvers: {
      Post: {
        __resolveReference: (reference: { id: string; comments?: { authorId: string }[] }) => {
          if (!posts.includes(reference.id)) return null;
          if (!reference.comments) return { id: reference.id };
          // The requirement asks for three comments: anything else is the gateway's mistake.
          if (reference.comments.length !== 3) throw new Error(`Expected 3 comments, got ${reference.comments.length}`);
          return { id: reference.id, authorId: reference.comments[2]!.authorId };
        },
        author: ({ authorId }: { authorId?: string }) => (authorId ? { id: authorId } : null),
        comments: ({ id }: { id: string }, { limit }: { limit: number }) =>
          comments
            .filter((comment) => comment.postId === id)
            .slice(0, limit)
            .map((comment) => ({ id: comment.id })),
      },
      Comment: { __resolveReference: ({ id }: { id: string }) => (comments.some((comment) => comment.id === id) ? { id } : null) },
    },
  },
];

const products = [
  { upc: 'p1', price: 11, weight: 1 },
  { upc: 'p2', price: 22, weight: 2 },
];

/**
 * requires-with-argument-conflict: `a` works out two shipping estimates, one
 * requiring `price(currency: "USD")`, the other `price(currency: "EUR")`, from `b`
 * (where a euro price is twice the dollar one).
 */
export const requiresWithArgumentConflict: readonly CorrectnessSubgraph[] = [
  {
    name: 'a',
    sdl: /* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])
      type Product @key(fields: "upc") {
        upc: String!
        weight: Int @external
        price(currency: String!): Int @external
        shippingEstimate: Int @requires(fields: "price(currency: \\"USD\\") weight")
        shippingEstimateEUR: Int @requires(fields: "price(currency: \\"EUR\\") weight")
      }
    `,
    resolvers: {
      Product: {
        // One representation carries one price, whichever requirement it was sent for.
        shippingEstimate: ({ price, weight }: { price: number; weight: number }) => price * weight * 10,
        shippingEstimateEUR: ({ price, weight }: { price: number; weight: number }) => price * weight * 10,
      },
    },
  },
  {
    name: 'b',
    sdl: /* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type Query {
        products: [Product]
      }
      type Product @key(fields: "upc") {
        upc: String!
        price(currency: String!): Int
        weight: Int
      }
    `,
    resolvers: {
      Query: { products: () => products },
      Product: {
        __resolveReference: ({ upc }: { upc: string }) => products.find((product) => product.upc === upc) ?? null,
        price: ({ price }: { price: number }, { currency }: { currency: string }) => {
          if (currency === 'USD') return price;
          if (currency === 'EUR') return price * 2;
          throw new Error(`Unsupported currency ${currency}`);
        },
      },
    },
  },
];

/**
 * non-resolvable-interface-object: `Node` is an interface entity in `a`, which no
 * type of `a` implements; `b` adds `Node.field` as an `@interfaceObject` whose
 * key is not resolvable. Nothing can answer `{ a { field } }`.
 */
export const nonResolvableInterfaceObject: readonly CorrectnessSubgraph[] = [
  {
    name: 'a',
    sdl: /* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@interfaceObject"])
      type Query {
        a: Node
      }
      interface Node @key(fields: "id") {
        id: ID!
      }
    `,
    resolvers: {
      Query: { a: () => ({ id: 'n1' }) },
      Node: { __resolveReference: () => null },
    },
  },
  {
    name: 'b',
    sdl: /* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@interfaceObject"])
      type Query {
        b: Node
      }
      type Node @key(fields: "id", resolvable: false) @interfaceObject {
        id: ID!
        field: String
      }
    `,
    resolvers: {
      Query: { b: () => ({ id: 'n1', field: 'foo' }) },
    },
  },
];

const keysMashupData = {
  a: { '1': { id: '1', pId: 'a.1.pId', name: 'a.1', compositeId: { one: 'a.1.compositeId.one', two: 'a.1.compositeId.two', three: 'a.1.compositeId.three' } } } as Record<
    string,
    { id: string; pId: string; name: string; compositeId: { one: string; two: string; three: string } }
  >,
  b: { '100': { id: '100', a: ['1'] } } as Record<string, { id: string; a: string[] }>,
};

/**
 * keys-mashup: `A` has four keys, and each subgraph can resolve it by one only
 * (`a` by `id`, `b` by `id compositeId { two three }`); `A.nameInB` (in `b`)
 * requires `A.name` (from `a`).
 */
export const keysMashup: readonly CorrectnessSubgraph[] = [
  {
    name: 'a',
    sdl: /* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
      type A
        @key(fields: "id", resolvable: true)
        @key(fields: "pId", resolvable: false)
        @key(fields: "compositeId { one two }", resolvable: false)
        @key(fields: "id compositeId { two three }", resolvable: false) {
        id: ID!
        pId: ID!
        compositeId: CompositeID!
        name: String!
      }
      type CompositeID {
        one: ID!
        two: ID!
        three: ID!
      }
    `,
    resolvers: {
      A: { __resolveReference: ({ id }: { id: string }) => keysMashupData.a[id] ?? null },
    },
  },
  {
    name: 'b',
    sdl: /* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@requires", "@external"])
      type Query {
        b: B
      }
      type B @key(fields: "id") {
        id: ID!
        a: [A!]!
      }
      type A
        @key(fields: "compositeId { one two }", resolvable: false)
        @key(fields: "id compositeId { two three }", resolvable: true)
        @key(fields: "pId", resolvable: false)
        @key(fields: "id", resolvable: false) {
        id: ID!
        pId: ID!
        compositeId: CompositeID!
        name: String! @external
        nameInB: String! @requires(fields: "name")
      }
      type CompositeID {
        one: ID!
        two: ID!
        three: ID!
      }
    `,
    resolvers: {
      Query: { b: () => keysMashupData.b['100'] },
      B: {
        __resolveReference: ({ id }: { id: string }) => keysMashupData.b[id] ?? null,
        a: ({ a }: { a: string[] }) => a.map((id) => keysMashupData.a[id]).map((found) => found && { id: found.id, pId: found.pId, compositeId: found.compositeId }),
      },
      A: {
        __resolveReference: (reference: { id: string; name?: string }) => {
          const found = keysMashupData.a[reference.id];
          return found ? { id: found.id, pId: found.pId, compositeId: found.compositeId, name: reference.name } : null;
        },
        nameInB: ({ name }: { name?: string }) => {
          if (!name) throw new Error('A.name was not provided');
          return `b.a.nameInB ${name}`;
        },
      },
    },
  },
];

/** Subgraphs served over HTTP on port 0, with their endpoints for `createGateway` or composition. */
export interface ServedSubgraphs {
  endpoints: SubgraphEndpoint[];
  /** The endpoints with each one's SDL, for `composeSupergraph`. */
  withSdl: (SubgraphEndpoint & { sdl: string })[];
  close(): Promise<void>;
}

/** Serves each subgraph with Apollo Server on its own port. */
export async function serveSubgraphs(subgraphs: readonly CorrectnessSubgraph[]): Promise<ServedSubgraphs> {
  const servers: ApolloServer[] = [];
  const withSdl: (SubgraphEndpoint & { sdl: string })[] = [];
  try {
    for (const { name, sdl, resolvers } of subgraphs) {
      // @apollo/subgraph's resolver map type is not exported from the package.
      const server = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]) });
      servers.push(server);
      const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
      withSdl.push({ name, url, sdl });
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    throw error;
  }
  return {
    endpoints: withSdl.map(({ name, url }) => ({ name, url })),
    withSdl,
    close: async () => void (await Promise.all(servers.map((server) => server.stop()))),
  };
}
