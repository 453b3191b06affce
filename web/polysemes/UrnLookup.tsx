import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { entityPath } from './entityPath.ts';
import { exampleUrns, exampleUrnsQuery } from './exampleUrns.ts';
import { useGraphAnswer } from './graphAnswer.ts';
import { ROOT_FIELDS_QUERY, type Polyseme, type RootField } from './polysemeQueries.ts';

/** A form that opens any polyseme instance's page by URN, suggesting URNs from the mesh's data. */
export function UrnLookup({ polysemes }: { polysemes: Polyseme[] }) {
  const location = useLocation();
  const [urn, setUrn] = useState('');
  const rootFields = useGraphAnswer<{ type: { fields: RootField[] } | null }>(ROOT_FIELDS_QUERY, {}).answer?.data?.type?.fields;
  const examples = exampleUrns(useGraphAnswer<Parameters<typeof exampleUrns>[0]>(rootFields && exampleUrnsQuery(polysemes, rootFields), {}).answer?.data ?? null);
  const lookUp = (event: Event) => {
    event.preventDefault();
    if (urn.trim()) location.route(entityPath(urn.trim()));
  };
  return (
    <form class="urn-lookup" role="search" onSubmit={lookUp}>
      <label for="urn">Look up a URN</label>
      <div class="row">
        <input id="urn" name="urn" list="urn-examples" autocomplete="off" spellcheck={false} placeholder={polysemes[0]?.urnPattern} value={urn} onInput={(event) => setUrn(event.currentTarget.value)} />
        <button type="submit">Look up</button>
      </div>
      <datalist id="urn-examples">
        {examples.map((example) => (
          <option key={example} value={example} />
        ))}
      </datalist>
      {examples.length ? (
        <p class="examples">
          For example:{' '}
          {examples.map((example, index) => (
            <Fragment key={example}>
              {index ? ', ' : ''}
              <a href={entityPath(example)}>{example}</a>
            </Fragment>
          ))}
        </p>
      ) : null}
    </form>
  );
}
