import { USERS } from './accounts.ts';
import { defineSubgraph } from './defineSubgraph.ts';

/** A review as the reviews subgraph holds it. */
interface Review {
  id: string;
  body: string;
  upc: string;
  authorId: string;
}

const WORDS = ['solid', 'build', 'arrived', 'quickly', 'and', 'the', 'finish', 'feels', 'sturdy', 'though', 'assembly', 'took', 'longer', 'than', 'expected', 'would', 'buy', 'again', 'colour', 'matches', 'photos', 'value', 'for', 'money', 'daily', 'use', 'after', 'months', 'still', 'fine'];

/** Text of `length` characters, the same on every run: words picked by a linear congruential sequence from `seed`. */
function reviewBody(seed: number, length: number): string {
  let text = '';
  let state = seed;
  while (text.length < length) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    text += (text ? ' ' : '') + WORDS[(state >>> 16) % WORDS.length];
  }
  return `${text.slice(0, length - 1)}.`;
}

/**
 * Eleven reviews: products "1" to "5" (the top five) reviewed by the six
 * users in turn; body lengths vary from a line to a long paragraph, so that
 * the heavy query's answer weighs about 88 KB, as in the public benchmark.
 */
const REVIEWS: readonly Review[] = [
  ['1', 720],
  ['1', 470],
  ['1', 440],
  ['1', 240],
  ['2', 720],
  ['2', 470],
  ['2', 440],
  ['3', 240],
  ['4', 240],
  ['4', 1500],
  ['5', 470],
].map(([upc, length], i) => ({ id: String(i + 1), body: reviewBody(i + 1, Number(length)), upc: String(upc), authorId: USERS[i % USERS.length]!.id }));

const byId = new Map(REVIEWS.map((review) => [review.id, review]));
// The author's username as it was when the review was written: what `@provides(fields: "username")` serves.
const usernames = new Map(USERS.map((user) => [user.id, user.username]));

/** The reviews subgraph: owns Review; extends User and Product with their reviews; provides a review's author's username. */
export const reviews = defineSubgraph(
  'reviews',
  /* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@provides"])

    type Review @key(fields: "id") {
      id: ID!
      body: String
      product: Product
      author: User @provides(fields: "username")
    }

    type User @key(fields: "id") {
      id: ID!
      username: String @external
      reviews: [Review]
    }

    type Product @key(fields: "upc") {
      upc: String!
      reviews: [Review]
    }
  `,
  {
    Review: {
      __resolveReference: ({ id }: { id: string }) => byId.get(id) ?? null,
      product: ({ upc }: Review) => ({ upc }),
      author: ({ authorId }: Review) => ({ id: authorId, username: usernames.get(authorId) }),
    },
    User: { reviews: ({ id }: { id: string }) => REVIEWS.filter((review) => review.authorId === id) },
    Product: { reviews: ({ upc }: { upc: string }) => REVIEWS.filter((review) => review.upc === upc) },
  },
);
