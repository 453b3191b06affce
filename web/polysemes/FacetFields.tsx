import type { AskedField } from './entityQuery.ts';
import type { GraphQLFieldError } from './graphAnswer.ts';
import { FieldValue } from './FieldValue.tsx';

/** One domain's facet of an instance: each field it adds, with its value or why there is none. */
export function FacetFields({ asked, data, errors }: { asked: AskedField[]; data: Record<string, Record<string, unknown> | null>; errors: GraphQLFieldError[] }) {
  return (
    <dl class="facet-fields">
      {asked.map(({ alias, field }) => (
        <div key={alias} data-field={field}>
          <dt>
            <code>{field}</code>
          </dt>
          <dd>
            <FieldValue
              value={data[alias]?.[field]}
              // The error's path is [alias, field, …]; a null alias means the field's own null went up to it.
              errors={errors.filter((e) => e.path?.[0] === alias && (e.path.length < 2 || e.path[1] === field)).map((error) => ({ path: (error.path ?? []).slice(2), error }))}
            />
          </dd>
        </div>
      ))}
    </dl>
  );
}
