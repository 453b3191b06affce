import type { ProductDetails } from './productQueries.ts';

/** The types the product's output ports serve, each field with its type and classification (what governance requires to read it). */
export function SchemaTable({ schema }: { schema: ProductDetails['schema'] }) {
  return (
    <div class="schema">
      {schema.map((type) => (
        <table key={type.name}>
          <caption>
            <code>{type.name}</code> {type.description}
          </caption>
          <thead>
            <tr>
              <th scope="col">field</th>
              <th scope="col">type</th>
              <th scope="col">classification</th>
              <th scope="col">description</th>
            </tr>
          </thead>
          <tbody>
            {type.fields.map((field) => (
              <tr key={field.name}>
                <th scope="row">
                  <code>{field.name}</code>
                </th>
                <td>
                  <code>{field.type}</code>
                </td>
                <td>
                  <span class={`classification classification-${field.classification}`}>{field.classification}</span>
                </td>
                <td>{field.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}
