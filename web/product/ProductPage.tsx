import { useRoute } from 'preact-iso';
import { ProductAccess } from '../access/index.ts';
import { EventsOverTime } from '../figures/index.ts';
import { useQuery } from '../graph/useQuery.ts';
import { lineagePath } from '../lineage/index.ts';
import { LiveEvents } from '../live/index.ts';
import { ExampleQuery } from './ExampleQuery.tsx';
import { FreshnessBadge } from './FreshnessBadge.tsx';
import { PortList } from './PortList.tsx';
import { FIGURES_QUERY, PRODUCT_QUERY, type ProductDetails, type ProductFigures } from './productQueries.ts';
import { SchemaTable } from './SchemaTable.tsx';
import { VersionHistory } from './VersionHistory.tsx';

/** How often the page asks for the live figures again. */
export const FIGURES_POLL_MS = 5_000;

/**
 * A data product's page: who owns it, what it is for, its status, its SLOs
 * beside live figures (polled every 5 s; the freshness badge ages every
 * second in between), its schema with classifications, its ports, and its
 * ODPS and ODCS documents.
 */
export function ProductPage() {
  const urn = decodeURIComponent(useRoute().params['urn'] ?? '');
  const { data, error } = useQuery<{ dataProduct: ProductDetails | null }>(PRODUCT_QUERY, { urn });
  // Polled rather than subscribed: a product's subscription port is internal or more, and the page serves anonymous visitors.
  const figures = useQuery<{ dataProduct: { figures: ProductFigures | null } | null }>(FIGURES_QUERY, { urn }, { pollMs: FIGURES_POLL_MS }).data?.dataProduct?.figures;
  if (error) return <p role="alert">The catalog did not answer: {error.message}</p>;
  if (!data) return <p role="status">Loading {urn}…</p>;
  const product = data.dataProduct;
  if (!product) {
    return (
      <section>
        <h1>No data product {urn}</h1>
        <p>
          The catalog knows no product with this URN. <a href="/">Search the data products</a>
        </p>
      </section>
    );
  }
  return (
    <article class="product-page">
      <header>
        <p class="urn">
          <code>{product.urn}</code>
        </p>
        <h1>{product.name}</h1>
        <p class="facts">
          {product.domain} · {product.kind.toLowerCase().replace(/_/g, ' ')} · version {product.version} · <span class={`status status-${product.status}`}>{product.status}</span>
          {product.lifecycle.reason ? ` (${product.lifecycle.reason})` : ''}
        </p>
        <FreshnessBadge lastEventAt={figures?.lastEventAt ?? null} slo={product.slos.freshness} judged={(figures?.meetsFreshnessSlo ?? null) !== null} />
        <p class="see-lineage">
          <a href={lineagePath(product.urn)}>See its lineage</a>: where its data comes from and who uses it
        </p>
      </header>

      <section aria-labelledby="who">
        <h2 id="who">Who owns it</h2>
        <dl>
          <dt>Owner</dt>
          <dd class="owner">
            <a href={`mailto:${product.owner.email}`}>{product.owner.name}</a>
          </dd>
          <dt>Team</dt>
          <dd class="team">
            <a href={`mailto:${product.team.email}`}>{product.team.name}</a>
          </dd>
        </dl>
      </section>

      <section aria-labelledby="about">
        <h2 id="about">What it is for</h2>
        <dl>
          <dt>Purpose</dt>
          <dd>{product.description.purpose}</dd>
          <dt>Usage</dt>
          <dd>{product.description.usage}</dd>
          <dt>Limitations</dt>
          <dd>{product.description.limitations}</dd>
          <dt>Terms</dt>
          <dd>
            {product.terms.usage} ({product.terms.license})
          </dd>
          <dt>Retention</dt>
          <dd>{product.retention}</dd>
        </dl>
      </section>

      <section aria-labelledby="versions">
        <h2 id="versions">Status and version history</h2>
        <VersionHistory key={product.urn} product={product} />
      </section>

      <section aria-labelledby="slos">
        <h2 id="slos">Service levels, live</h2>
        <table class="slos">
          <thead>
            <tr>
              <th scope="col">objective</th>
              <th scope="col">target</th>
              <th scope="col">now</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">freshness</th>
              <td>{product.slos.freshness}</td>
              <td>{figures?.lastEventAt ? `newest record at ${new Date(figures.lastEventAt).toLocaleString()}` : '—'}</td>
            </tr>
            <tr>
              <th scope="row">completeness</th>
              <td>{percent(product.slos.completeness)}</td>
              <td>{percent(figures?.completeness)}</td>
            </tr>
            <tr>
              <th scope="row">validity</th>
              <td>{percent(product.slos.validity)}</td>
              <td>{percent(figures?.validity)}</td>
            </tr>
            <tr>
              <th scope="row">availability</th>
              <td>{percent(product.slos.availability)}</td>
              <td>—</td>
            </tr>
          </tbody>
        </table>
        <p class="figures">
          {figures ? `${figures.recordCount} records · ${rate(figures.eventsInPerSecond)} in · ${rate(figures.eventsOutPerSecond)} out` : 'Live figures appear while its domain answers.'}
        </p>
        {figures ? <EventsOverTime points={figures.eventsOverTime} /> : null}
      </section>

      <section aria-labelledby="live">
        <h2 id="live">Live events</h2>
        <LiveEvents outputPorts={product.outputPorts} />
      </section>

      <section aria-labelledby="schema">
        <h2 id="schema">Schema</h2>
        <SchemaTable schema={product.schema} />
      </section>

      <section aria-labelledby="access">
        <h2 id="access">Access</h2>
        <ProductAccess urn={product.urn} domain={product.domain} />
      </section>

      <section aria-labelledby="ports">
        <h2 id="ports">Ports</h2>
        <PortList inputs={product.inputPorts} outputs={product.outputPorts} />
      </section>

      <section aria-labelledby="example">
        <h2 id="example">An example query</h2>
        <ExampleQuery product={product} />
      </section>

      <section aria-labelledby="exports">
        <h2 id="exports">Descriptor and contract</h2>
        <p>
          <a href={samePath(product.exports.odps)} download={`${product.name}.odps.yaml`}>
            ODPS 1.0 descriptor (YAML)
          </a>{' '}
          ·{' '}
          <a href={samePath(product.exports.odcs)} download={`${product.name}.odcs.yaml`}>
            ODCS 3.1 contract (YAML)
          </a>
        </p>
      </section>
    </article>
  );
}

const percent = (share: number | null | undefined) => (share === null || share === undefined ? '—' : `${(share * 100).toFixed(share < 1 ? 1 : 0)} %`);
const rate = (perSecond: number | null) => (perSecond === null ? '—' : `${perSecond.toFixed(1)} events/s`);
/** The export links name the gateway as it sees itself (127.0.0.1, say): the page follows them on its own origin. */
const samePath = (url: string) => {
  const { pathname, search } = new URL(url, location.href);
  return pathname + search;
};
