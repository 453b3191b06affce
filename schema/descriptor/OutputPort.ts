import type { EventContract } from '../events/EventContract.ts';

/** How data leaves a data product: GraphQL query or subscription fields, or a topic. */
export type OutputPort =
  | { kind: 'query'; name: string; description?: string; /** e.g. `Query.plays` */ field: string }
  | { kind: 'subscription'; name: string; description?: string; /** e.g. `Subscription.episodePlayed` */ field: string }
  | {
      kind: 'topic';
      name: string;
      description?: string;
      topic: string;
      /** The shape its events keep, checked against its consumers on every publication. @default none: the topic's shape is not checked */
      contract?: EventContract;
    };
