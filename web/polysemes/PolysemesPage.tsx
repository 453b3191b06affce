import { useQuery } from '../graph/useQuery.ts';
import { POLYSEMES_QUERY, type Polyseme } from './polysemeQueries.ts';
import { PolysemeTable } from './PolysemeTable.tsx';
import { UrnLookup } from './UrnLookup.tsx';
import './polysemes.css';

/** The mesh's polysemes: each with its owner, the domains that extend it and what each adds; and a lookup of any instance by URN. */
export function PolysemesPage() {
  const { data, error } = useQuery<{ polysemes: Polyseme[] }>(POLYSEMES_QUERY, {});
  if (error) return <p role="alert">The catalog did not answer: {error.message}</p>;
  if (!data) return <p role="status">Loading the polysemes…</p>;
  return (
    <article class="polysemes-page">
      <h1>Polysemes</h1>
      <p>Entities several domains describe, each from its own angle: one key and one URN, a facet per domain. The owner gives an instance its identity; the others extend it.</p>
      <UrnLookup polysemes={data.polysemes} />
      {data.polysemes.map((polyseme) => (
        <PolysemeTable key={polyseme.name} polyseme={polyseme} />
      ))}
    </article>
  );
}
