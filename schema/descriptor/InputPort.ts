/** How data enters a data product: from an upstream data product, a topic, or an operational system. */
export type InputPort =
  | { kind: 'dataProduct'; name: string; description?: string; /** URN of the upstream data product */ urn: string }
  | { kind: 'topic'; name: string; description?: string; topic: string }
  | { kind: 'source'; name: string; description?: string; /** the operational system it comes from */ system: string };
