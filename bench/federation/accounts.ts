import { defineSubgraph } from './defineSubgraph.ts';

/** A user as the accounts subgraph holds it. */
interface User {
  id: string;
  name: string;
  username: string;
  birthday: number;
}

/** Six users, ids "1" to "6". */
export const USERS: readonly User[] = [
  ['Ada Lovelace', 'ada'],
  ['Grace Hopper', 'grace'],
  ['Alan Turing', 'alan'],
  ['Edsger Dijkstra', 'edsger'],
  ['Barbara Liskov', 'barbara'],
  ['Donald Knuth', 'don'],
].map(([name, username], i) => ({ id: String(i + 1), name: name!, username: username!, birthday: 946_684_800 + i * 86_400 }));

const byId = new Map(USERS.map((user) => [user.id, user]));

/** The accounts subgraph: owns User (name, username, birthday); `user(id)` and `users` at the root. */
export const accounts = defineSubgraph(
  'accounts',
  /* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])

    # No \`me\`: meshgraph's built-in catalog subgraph owns Query.me (the signed-in consumer), so a graph defining it does not compose there.
    type Query {
      user(id: ID!): User
      users: [User]
    }

    type User @key(fields: "id") {
      id: ID!
      name: String
      "Shareable: reviews provides it with a review's author."
      username: String @shareable
      birthday: Int
    }
  `,
  {
    Query: {
      user: (_: unknown, { id }: { id: string }) => byId.get(id) ?? null,
      users: () => USERS,
    },
    User: { __resolveReference: ({ id }: { id: string }) => byId.get(id) ?? null },
  },
);
