import { Fragment } from 'preact';
import type { Polyseme } from './polysemeQueries.ts';

/** One polyseme: what it is, its key and URN pattern, its owner, and a row per domain with the fields that domain adds. */
export function PolysemeTable({ polyseme }: { polyseme: Polyseme }) {
  const heading = `polyseme-${polyseme.name}`;
  return (
    <section class="polyseme" aria-labelledby={heading} data-polyseme={polyseme.name}>
      <h2 id={heading}>{polyseme.name}</h2>
      <p>{polyseme.description}</p>
      <dl>
        <dt>Key</dt>
        <dd>
          <code>{polyseme.key}</code>
        </dd>
        <dt>URN pattern</dt>
        <dd>
          <code>{polyseme.urnPattern}</code>
        </dd>
        <dt>Owner</dt>
        <dd class="owner">{polyseme.owner}</dd>
        <dt>Extended by</dt>
        <dd class="extenders">{polyseme.extendedBy.length ? polyseme.extendedBy.join(', ') : 'no other domain'}</dd>
      </dl>
      <table>
        <caption>What each domain adds to {polyseme.name}</caption>
        <thead>
          <tr>
            <th scope="col">domain</th>
            <th scope="col">role</th>
            <th scope="col">fields it adds</th>
          </tr>
        </thead>
        <tbody>
          {polyseme.facets.map(({ domain, fields }) => (
            <tr key={domain}>
              <th scope="row">{domain}</th>
              <td>{domain === polyseme.owner ? 'owns it' : 'extends it'}</td>
              <td class="fields">
                {fields.map((field, index) => (
                  <Fragment key={field}>
                    {index ? ', ' : ''}
                    <code>{field}</code>
                  </Fragment>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
