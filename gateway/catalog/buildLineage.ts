import { didYouMean, ErrorCode, parseUrn, URN_PREFIX, type DataProductDescriptor } from '../../schema/index.ts';

/** The most hops `buildLineage` walks each way; a larger `depth` is clamped to it. */
export const MAX_LINEAGE_DEPTH = 10;

/** What the running mesh measured: one consumer's use of one data product. */
export interface ObservedConsumption {
  /** Who consumed: a client name from the `apollographql-client-name` header or the WebSocket connection. A client name that is a data product URN (or `<domain>/<product>`) is that data product; anything else is an application. */
  consumer: string;
  /** The data product consumed (its URN). */
  product: string;
  /** ISO-8601 time of the last use. */
  lastSeenAt: string;
  /** Uses counted. */
  count: number;
}

/** An approved, unexpired access agreement: a declared edge from the data product to the consumer. */
export interface LineageAgreement {
  id: string;
  /** The data product's URN. */
  urn: string;
  /** The consumer's id, as the gateway's observed use names it on a governed gateway. */
  consumer: string;
  purpose: string;
}

/** The part of a descriptor lineage reads: identity and ports. */
export type LineageDescriptor = Pick<DataProductDescriptor, 'urn' | 'name' | 'domain' | 'inputPorts' | 'outputPorts'>;

/**
 * A node of the lineage graph; `id` is what edges name: the URN of a data
 * product, `source:<system>` for an operational system, `app:<client name>`
 * for an application.
 */
export type LineageNode =
  | {
      kind: 'dataProduct';
      id: string;
      urn: string;
      domain: string;
      name: string;
      /** Its major version, set only when the catalog holds several majors of its name (versions side by side), which its name alone does not tell apart. */
      major?: number;
    }
  | { kind: 'source'; id: string; system: string }
  | { kind: 'application'; id: string; clientName: string };

/** How people read a data product node: `<domain>/<name>`, with ` v<major>` when several majors of its name stand side by side. */
export function productLabel(node: Pick<Extract<LineageNode, { kind: 'dataProduct' }>, 'domain' | 'name' | 'major'>): string {
  return `${node.domain}/${node.name}${node.major === undefined ? '' : ` v${node.major}`}`;
}

/** Data flowing from one node to another, as declared by ports and as observed. */
export interface LineageEdge {
  /** `id` of the upstream node. */
  from: string;
  /** `id` of the downstream node. */
  to: string;
  /** How data flows: an input port naming a data product, a topic, or a source system; an access agreement; or GraphQL queries observed. */
  via: 'dataProduct' | 'topic' | 'source' | 'agreement' | 'graphql';
  /** The topic, when `via` is `topic`. */
  topic?: string;
  /** An input port of `to` declares it. */
  declared: boolean;
  /** The running mesh saw `to` consume `from`. */
  observed: boolean;
  /** Observed but not declared, by a consumer that is a data product: an undeclared dependency. */
  undeclared: boolean;
  /** ISO-8601 time of the last use observed. */
  lastSeenAt?: string;
  /** The agreement's id, when `via` is `agreement`. */
  agreement?: string;
  /** The agreement's purpose, when `via` is `agreement`. */
  purpose?: string;
  /** Observed use by an application that holds no agreement on the product (only when agreements are given: a governed gateway). */
  withoutAgreement?: true;
}

/** The neighbourhood of one data product: nodes and edges sorted by id, then by from, to, via and topic. */
export interface Lineage {
  /** URN of the data product asked about. */
  root: string;
  /** Hops walked each way: the `depth` asked for, at most `MAX_LINEAGE_DEPTH`. */
  depth: number;
  nodes: LineageNode[];
  edges: LineageEdge[];
}

/** `lineage(urn)` names no data product of the catalog. */
export class UnknownDataProductError extends Error {
  override name = 'UnknownDataProductError';
  readonly code = ErrorCode.UNKNOWN_DATA_PRODUCT;
  constructor(
    readonly urn: string,
    /** URNs of the catalog close to `urn`, best first. */
    readonly suggestions: readonly string[],
  ) {
    const hint =
      suggestions.length > 0
        ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?`
        : ' Query dataProducts to list the URNs of the catalog.';
    super(`No data product of the catalog has URN ${JSON.stringify(urn)}; expected a URN like "${URN_PREFIX}<domain>:<product>:v<major>".${hint}`);
  }
}

/** `lineage(urn, depth)` got a depth that is not a whole number of hops, at least 1. */
export class LineageDepthError extends Error {
  override name = 'LineageDepthError';
  readonly code = ErrorCode.BAD_USER_INPUT;
  constructor(readonly depth: number) {
    super(`Lineage depth must be a whole number of hops from 1 to ${MAX_LINEAGE_DEPTH}, but is ${depth}; use 1 for direct neighbours.`);
  }
}

const NO_POLYSEMES: ReadonlySet<string> = new Set();
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const timeOf = (iso: string) => {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
};
const later = (a: string | undefined, b: string) => (a === undefined || timeOf(b) > timeOf(a) ? b : a);

/** The catalog's data products by URN, with a lookup of the other names a client may give them. */
function indexCatalog(descriptors: readonly LineageDescriptor[]) {
  const byUrn = new Map<string, LineageDescriptor>();
  // `<domain>/<product>` → the URN of its highest major: a name without version means the current product.
  const current = new Map<string, { urn: string; major: number }>();
  // `<domain>/<product>` → how many majors of it the catalog holds.
  const majors = new Map<string, number>();
  for (const descriptor of descriptors) {
    byUrn.set(descriptor.urn, descriptor);
    const parsed = parseUrn(descriptor.urn, NO_POLYSEMES);
    const major = parsed?.kind === 'dataProduct' ? parsed.major : 0;
    const key = `${descriptor.domain}/${descriptor.name}`;
    majors.set(key, (majors.get(key) ?? 0) + 1);
    if ((current.get(key)?.major ?? -1) < major) current.set(key, { urn: descriptor.urn, major });
  }
  /** True when the catalog holds several majors of `<domain>/<product>`. */
  const sideBySide = (domain: string, name: string) => (majors.get(`${domain}/${name}`) ?? 0) > 1;
  /** The URN a name gives a catalog product: its URN, its URN without `:v<major>`, or `<domain>/<product>`. */
  const resolve = (name: string): string | undefined => {
    if (byUrn.has(name)) return name;
    const versionless = name.startsWith(URN_PREFIX) ? /^([^:/]+):([^:/]+)$/.exec(name.slice(URN_PREFIX.length)) : /^([^:/]+)\/([^:/]+)$/.exec(name);
    return versionless ? current.get(`${versionless[1]}/${versionless[2]}`)?.urn : undefined;
  };
  return { byUrn, resolve, sideBySide };
}

/**
 * The lineage of data product `root`: what it is built from and what is built
 * from it, `depth` hops upstream and `depth` hops downstream (a sibling that
 * shares an upstream is not part of it).
 *
 * Declared edges come from the input ports of `descriptors`:
 * - `dataProduct` U into P: U → P. A URN missing from the catalog (its domain
 *   may be down) still becomes a node, from the parts of the URN.
 * - `topic` T into P: every product with an output topic T → P. A topic no
 *   product of the catalog publishes is an operational system: the node
 *   `source:topic:<T>` (system `topic:<T>`) → P, still `via: 'topic'`.
 * - `source` S into P: `source:<S>` → P.
 *
 * Observed edges come from `observed`, uses of the same product by the same
 * consumer merged (latest `lastSeenAt`). A consumer whose client name names a
 * catalog product (its URN, the URN without `:v<major>`, or
 * `<domain>/<product>`; the highest major for the last two) is that product:
 * declared edges product → consumer become `observed`, or, when it declares
 * none, a new `via: 'graphql'` edge is `undeclared`. Any other client name is an
 * application `app:<name>`. Ignored: uses of products not in the catalog,
 * counts below 1, blank client names, and a product consuming itself.
 *
 * Declared edges also come from `agreements`, when given: product →
 * `app:<consumer>` `via: 'agreement'`, which the consumer's use makes
 * `observed`; an application's use of a product it holds no agreement on is
 * flagged `withoutAgreement`.
 *
 * Throws `UnknownDataProductError` when `root` is not the URN of a catalog
 * product, and `LineageDepthError` when `depth` is not an integer ≥ 1; a
 * depth above `MAX_LINEAGE_DEPTH` is clamped to it (see `Lineage.depth`).
 */
export function buildLineage(
  descriptors: readonly LineageDescriptor[],
  observed: readonly ObservedConsumption[],
  root: string,
  depth: number,
  agreements?: readonly LineageAgreement[],
): Lineage {
  const catalog = indexCatalog(descriptors);
  if (!catalog.byUrn.has(root)) {
    const resolved = catalog.resolve(root);
    // didYouMean formats its picks as `"a" or "b"`; URNs hold no quotes, so they read back safely.
    const close = resolved ? [resolved] : [...didYouMean(root, catalog.byUrn.keys()).matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
    throw new UnknownDataProductError(root, close);
  }
  if (!Number.isInteger(depth) || depth < 1) throw new LineageDepthError(depth);
  const hops = Math.min(depth, MAX_LINEAGE_DEPTH);

  const nodes = new Map<string, LineageNode>();
  const edges = new Map<string, LineageEdge>();

  const productNode = (urn: string): string => {
    if (!nodes.has(urn)) {
      const known = catalog.byUrn.get(urn);
      const parsed = parseUrn(urn, NO_POLYSEMES);
      const [domain, name] = known ? [known.domain, known.name] : parsed?.kind === 'dataProduct' ? [parsed.domain, parsed.product] : ['', urn];
      const major = parsed?.kind === 'dataProduct' && catalog.sideBySide(domain, name) ? parsed.major : undefined;
      nodes.set(urn, { kind: 'dataProduct', id: urn, urn, domain, name, ...(major === undefined ? {} : { major }) });
    }
    return urn;
  };
  const sourceNode = (system: string): string => {
    const id = `source:${system}`;
    if (!nodes.has(id)) nodes.set(id, { kind: 'source', id, system });
    return id;
  };
  const applicationNode = (clientName: string): string => {
    const id = `app:${clientName}`;
    if (!nodes.has(id)) nodes.set(id, { kind: 'application', id, clientName });
    return id;
  };
  const addEdge = (edge: LineageEdge) => {
    const key = JSON.stringify([edge.from, edge.to, edge.via, edge.topic ?? null]);
    if (!edges.has(key)) edges.set(key, edge);
  };
  const declare = (from: string, to: string, via: LineageEdge['via'], topic?: string) =>
    addEdge({ from, to, via, ...(topic === undefined ? {} : { topic }), declared: true, observed: false, undeclared: false });

  const producersOf = new Map<string, string[]>();
  for (const product of catalog.byUrn.values()) {
    for (const port of product.outputPorts) {
      if (port.kind === 'topic') producersOf.set(port.topic, [...(producersOf.get(port.topic) ?? []), product.urn]);
    }
  }

  for (const product of catalog.byUrn.values()) {
    const to = productNode(product.urn);
    for (const port of product.inputPorts) {
      switch (port.kind) {
        case 'dataProduct':
          if (port.urn !== to) declare(productNode(port.urn), to, 'dataProduct');
          break;
        case 'topic': {
          const producers = producersOf.get(port.topic) ?? [];
          if (producers.length === 0) declare(sourceNode(`topic:${port.topic}`), to, 'topic', port.topic);
          // A product reading back its own topic (materializing it) is no lineage.
          for (const producer of producers) if (producer !== to) declare(productNode(producer), to, 'topic', port.topic);
          break;
        }
        case 'source':
          declare(sourceNode(port.system), to, 'source');
          break;
        default: {
          const unexpected: never = port;
          throw new TypeError(`Data product "${product.urn}" has an input port of kind ${JSON.stringify((unexpected as { kind?: unknown }).kind)}; expected dataProduct, topic or source.`);
        }
      }
    }
  }

  for (const agreement of agreements ?? []) {
    const product = catalog.resolve(agreement.urn);
    if (!product || agreement.consumer.trim() === '') continue;
    addEdge({ from: productNode(product), to: applicationNode(agreement.consumer.trim()), via: 'agreement', declared: true, observed: false, undeclared: false, agreement: agreement.id, purpose: agreement.purpose });
  }

  // Merge first: several client names may name the same consumer (`insights/top-charts` and its URN).
  const uses = new Map<string, { from: string; to: string; application: boolean; lastSeenAt: string }>();
  for (const use of observed) {
    const product = catalog.resolve(use.product);
    const consumer = use.consumer.trim();
    if (!product || consumer === '' || !(use.count >= 1)) continue;
    const consumerProduct = catalog.resolve(consumer);
    if (consumerProduct === product) continue;
    const to = consumerProduct ? productNode(consumerProduct) : applicationNode(consumer);
    const key = JSON.stringify([product, to]);
    const seen = uses.get(key);
    uses.set(key, { from: productNode(product), to, application: !consumerProduct, lastSeenAt: later(seen?.lastSeenAt, use.lastSeenAt) });
  }
  const declaredBetween = new Map<string, LineageEdge[]>();
  for (const edge of edges.values()) {
    const pair = JSON.stringify([edge.from, edge.to]);
    declaredBetween.set(pair, [...(declaredBetween.get(pair) ?? []), edge]);
  }
  for (const [pair, { from, to, application, lastSeenAt }] of uses) {
    // A use confirms every port the consumer declares on that product, whichever way the data travels.
    const declared = declaredBetween.get(pair) ?? [];
    for (const edge of declared) Object.assign(edge, { observed: true, lastSeenAt });
    if (declared.length === 0) {
      addEdge({ from, to, via: 'graphql', declared: false, observed: true, undeclared: !application, lastSeenAt, ...(application && agreements ? { withoutAgreement: true as const } : {}) });
    }
  }

  const downstream = new Map<string, LineageEdge[]>();
  const upstream = new Map<string, LineageEdge[]>();
  for (const edge of edges.values()) {
    downstream.set(edge.from, [...(downstream.get(edge.from) ?? []), edge]);
    upstream.set(edge.to, [...(upstream.get(edge.to) ?? []), edge]);
  }
  const reached = new Set<string>([root]);
  const walked = new Set<LineageEdge>();
  // Breadth first, one way at a time: an edge is walked from a node fewer than `hops` hops away.
  const walk = (next: Map<string, LineageEdge[]>, far: (edge: LineageEdge) => string) => {
    let frontier = [root];
    const seen = new Set(frontier);
    for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
      const following: string[] = [];
      for (const id of frontier) {
        for (const edge of next.get(id) ?? []) {
          walked.add(edge);
          const other = far(edge);
          reached.add(other);
          if (!seen.has(other)) {
            seen.add(other);
            following.push(other);
          }
        }
      }
      frontier = following;
    }
  };
  walk(upstream, (edge) => edge.from);
  walk(downstream, (edge) => edge.to);

  return {
    root,
    depth: hops,
    nodes: [...reached].sort(byText).map((id) => nodes.get(id)!),
    edges: [...walked].sort((a, b) => byText(a.from, b.from) || byText(a.to, b.to) || byText(a.via, b.via) || byText(a.topic ?? '', b.topic ?? '')),
  };
}
