import { useMemo } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { useQuery } from '../graph/useQuery.ts';
import { entityQuery, URN_CHECK_QUERY, type EntityQuery } from './entityQuery.ts';
import { FacetFields } from './FacetFields.tsx';
import { useGraphAnswer, type GraphQLFieldError } from './graphAnswer.ts';
import { describedTypes, ENTITY_SHAPES_QUERY, type DescribedType, type EntityShapes, type Polyseme } from './polysemeQueries.ts';
import { polysemeOf } from './polysemeOf.ts';
import './polysemes.css';

type EntityData = Record<string, Record<string, unknown> | null>;

/**
 * A polyseme instance by URN: every domain's facet of it, grouped by domain,
 * from one `entity(urn)` operation. A field governance withholds from the
 * viewer says so and why; a URN the gateway does not take shows its words
 * and the patterns it expects.
 */
export function EntityPage() {
  const urn = decodeURIComponent(useRoute().params['urn'] ?? '');
  const shapes = useQuery<EntityShapes>(ENTITY_SHAPES_QUERY, {});
  const polysemes = shapes.data?.polysemes;
  const plan = useMemo(() => (shapes.data ? planFor(urn, shapes.data) : undefined), [urn, shapes.data]);
  const { answer, error } = useGraphAnswer<EntityData>(plan?.query.query, { urn });
  const failure = shapes.error ?? error;
  if (failure) return <p role="alert">The catalog did not answer: {failure.message}</p>;
  if (!plan || !polysemes || !answer) return <p role="status">Looking up {urn}…</p>;
  const refused = answer.errors.find((e) => e.extensions?.code === 'BAD_USER_INPUT');
  if (refused || !plan.match) return <NotAUrn urn={urn} error={refused} polysemes={polysemes} />;
  if (!answer.data) return <p role="alert">The gateway did not answer: {answer.errors.map((e) => e.message).join(' ')}</p>;
  const { polyseme, id } = plan.match;
  const data = answer.data ?? {};
  // Not found: no field has a value, and one the viewer may read is null all the same (when every field is withheld, who can tell?).
  const readable = plan.query.asked.filter(({ alias }) => !answer.errors.some((e) => e.path?.[0] === alias && e.extensions?.code === 'FORBIDDEN'));
  const found = plan.query.asked.some(({ alias, field }) => data[alias]?.[field] != null) || readable.length === 0;
  return (
    <article class="entity-page">
      <header>
        <p class="urn">
          <code>{urn}</code>
        </p>
        <h1>
          {polyseme.name} {id}
        </h1>
        <p>
          {polyseme.description} <a href="/polysemes">All polysemes</a>
        </p>
      </header>
      {found ? (
        polyseme.facets.map(({ domain }) => <Facet key={domain} domain={domain} owner={polyseme.owner} plan={plan.query} data={data} errors={answer.errors} />)
      ) : (
        <p role="status" class="nothing">
          Nothing found: no domain knows {article(polyseme.name)} {polyseme.name} with {polyseme.key} “{id}”.
        </p>
      )}
    </article>
  );
}

function Facet({ domain, owner, plan, data, errors }: { domain: string; owner: string; plan: EntityQuery; data: EntityData; errors: GraphQLFieldError[] }) {
  const heading = `facet-${domain}`;
  return (
    <section class="facet-of" aria-labelledby={heading} data-domain={domain}>
      <h2 id={heading}>
        {domain} <span class="role">{domain === owner ? 'owns it' : 'extends it'}</span>
      </h2>
      <FacetFields asked={plan.asked.filter((a) => a.domain === domain)} data={data} errors={errors} />
    </section>
  );
}

/** What the gateway says of a URN it does not take, and what a polyseme's URN looks like. */
function NotAUrn({ urn, error, polysemes }: { urn: string; error: GraphQLFieldError | undefined; polysemes: Polyseme[] }) {
  return (
    <section class="not-a-urn">
      <h1>Not a polyseme URN</h1>
      <p role="alert">{error?.message ?? `“${urn}” follows no polyseme's URN pattern.`}</p>
      <p>A polyseme instance's URN follows one of these patterns, with the instance's key for {'{id}'}:</p>
      <ul>
        {polysemes.map((p) => (
          <li key={p.name}>
            <code>{p.urnPattern}</code> ({p.name})
          </li>
        ))}
      </ul>
      <p>
        <a href="/polysemes">Look up another URN</a>
      </p>
    </section>
  );
}

/** The operation for a URN: every facet of its polyseme, or, when it follows no pattern, the gateway's verdict on it. */
function planFor(urn: string, shapes: EntityShapes): { match: ReturnType<typeof polysemeOf>; query: EntityQuery } {
  const match = polysemeOf(urn, shapes.polysemes);
  const types: ReadonlyMap<string, DescribedType> = describedTypes(shapes);
  return { match, query: match ? entityQuery(match.polyseme, types) : { query: URN_CHECK_QUERY, asked: [] } };
}

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? 'an' : 'a');
