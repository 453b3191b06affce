/** How data enters a data product: from an upstream data product, a topic, or an operational system. */
export type InputPort =
  | { kind: 'dataProduct'; name: string; description?: string; /** URN of the upstream data product */ urn: string; /** The fields of its topic's events the product reads, when it consumes its topic. @default every field of the contract */ reads?: string[] }
  | {
      kind: 'topic';
      name: string;
      description?: string;
      topic: string;
      /** The fields of its events the product reads, for the producer's contract checks. @default every field of the contract */
      reads?: string[];
    }
  | { kind: 'source'; name: string; description?: string; /** the operational system it comes from */ system: string };
