import { productPath } from '../product/productPath.ts';
import { entityPath } from './entityPath.ts';
import type { GraphQLFieldError } from './graphAnswer.ts';
import { Restricted } from './Restricted.tsx';

/** A data product's URN names a major version (`…:v1`); any other mesh URN is a polyseme instance's. */
const linkOf = (urn: string) => (/^urn:meshgraph:[^:]+:[^:]+:v\d+$/.test(urn) ? productPath(urn) : entityPath(urn));

/**
 * A field's value as the gateway served it: text for a scalar, a link for
 * another entity, a short list for an object, and "restricted" (with why) in
 * place of a null that an error explains. `errors` are those under this
 * value, their paths relative to it.
 */
export function FieldValue({ value, errors }: { value: unknown; errors: { path: (string | number)[]; error: GraphQLFieldError }[] }) {
  const own = errors.find((e) => e.path.length === 0);
  if (value === null || value === undefined) return own ? <Restricted error={own.error} /> : <span class="none">none</span>;
  if (Array.isArray(value)) return <>{value.map((item) => String(item)).join(', ')}</>;
  if (typeof value !== 'object') return <>{String(value)}</>;
  const entries = Object.entries(value as Record<string, unknown>);
  const urn = (value as { urn?: unknown }).urn;
  if (entries.length === 1 && typeof urn === 'string') return <a href={linkOf(urn)}>{urn}</a>;
  return (
    <dl class="nested">
      {entries.map(([name, inner]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>
            <FieldValue value={inner} errors={errors.filter((e) => e.path[0] === name).map((e) => ({ ...e, path: e.path.slice(1) }))} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
