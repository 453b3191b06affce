import type { FigurePoint } from '../figures/index.ts';

/** A data product as its page shows it: descriptor, schema, ports and exports. */
export interface ProductDetails {
  urn: string;
  name: string;
  version: string;
  status: string;
  domain: string;
  kind: string;
  tags: string[];
  lifecycle: { reason: string | null; successor: string | null; sunset: string | null; history: LifecycleChange[] };
  description: { purpose: string; usage: string; limitations: string };
  owner: { name: string; email: string };
  team: { name: string; email: string };
  inputPorts: { kind: string; name: string; description: string | null; urn: string | null; topic: string | null; system: string | null }[];
  outputPorts: { kind: string; name: string; description: string | null; field: string | null; topic: string | null }[];
  schema: { name: string; description: string; fields: { name: string; type: string; description: string; classification: string }[] }[];
  slos: { freshness: string; availability: number; completeness: number; validity: number | null; intervalOfChange: string };
  retention: string;
  terms: { usage: string; license: string };
  exports: { odps: string; odcs: string };
}

export const PRODUCT_QUERY = /* GraphQL */ `
  query ProductPage($urn: ID!) {
    dataProduct(urn: $urn) {
      urn name version status domain kind tags
      lifecycle { reason successor sunset history { from to reason successor sunset by at } }
      description { purpose usage limitations }
      owner { name email }
      team { name email }
      inputPorts { kind name description urn topic system }
      outputPorts { kind name description field topic }
      schema { name description fields { name type description classification } }
      slos { freshness availability completeness validity intervalOfChange }
      retention
      terms { usage license }
      exports { odps odcs }
    }
  }
`;

/** The live figures the page polls. */
export interface ProductFigures {
  recordCount: number;
  lastEventAt: string | null;
  freshnessLagSeconds: number | null;
  meetsFreshnessSlo: boolean | null;
  eventsInPerSecond: number | null;
  eventsOutPerSecond: number | null;
  completeness: number | null;
  validity: number | null;
  /** Events in and out per 10 s over the last 15 minutes; null when it counts neither. */
  eventsOverTime: FigurePoint[] | null;
}

export const FIGURES_QUERY = /* GraphQL */ `
  query ProductFigures($urn: ID!) {
    dataProduct(urn: $urn) {
      figures { recordCount lastEventAt freshnessLagSeconds meetsFreshnessSlo eventsInPerSecond eventsOutPerSecond completeness validity eventsOverTime { at eventsIn eventsOut } }
    }
  }
`;

/** One move of a product's status, as its history keeps it. */
export interface LifecycleChange {
  from: string;
  to: string;
  reason: string;
  successor: string | null;
  sunset: string | null;
  /** The consumer id that moved it. */
  by: string;
  at: string;
}

/** A version of a product, as the version history lists its other majors. */
export interface ProductVersion {
  urn: string;
  name: string;
  version: string;
  status: string;
}

/** The products of a domain, retired ones included: the version history picks those of the same name. */
export const VERSIONS_QUERY = /* GraphQL */ `
  query ProductVersions($domain: String!) {
    dataProducts(domain: $domain, first: 100) { dataProduct { urn name version status } }
  }
`;
