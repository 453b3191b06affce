import type { ComponentChildren } from 'preact';
import { productPath } from '../product/productPath.ts';
import type { Agreement } from './accessQueries.ts';
import { decision, until } from './agreementText.ts';
import { productName, when } from './format.ts';
import './access.css';

/** Options of `AgreementTable`. */
export interface AgreementTableProps {
  agreements: readonly Agreement[];
  caption: string;
  /** Name each row's consumer (an owner's view). @default false */
  consumer?: boolean;
  /** Name and link each row's data product (a list across products). @default false */
  product?: boolean;
  /** What the viewer may do to a row (revoke it, say); the column shows when given. */
  actions?: (agreement: Agreement) => ComponentChildren;
}

/** Access agreements as a table: status, purpose, when asked, until when, and who decided. */
export function AgreementTable({ agreements, caption, consumer = false, product = false, actions }: AgreementTableProps) {
  return (
    <table class="agreements">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {consumer && <th scope="col">consumer</th>}
          {product && <th scope="col">data product</th>}
          <th scope="col">status</th>
          <th scope="col">purpose</th>
          <th scope="col">asked</th>
          <th scope="col">until</th>
          <th scope="col">decision</th>
          {actions && <th scope="col">action</th>}
        </tr>
      </thead>
      <tbody>
        {agreements.map((agreement) => (
          <tr key={agreement.id} data-agreement={agreement.id}>
            {consumer && <td>{agreement.consumer}</td>}
            {product && (
              <td>
                <a href={productPath(agreement.urn)}>{productName(agreement.urn)}</a>
              </td>
            )}
            <td>
              <span class={`agreement-status agreement-${agreement.status}`}>{agreement.status}</span>
            </td>
            <td>{agreement.purpose}</td>
            <td>{when(agreement.requestedAt)}</td>
            <td>{until(agreement)}</td>
            <td>{decision(agreement)}</td>
            {actions && <td>{actions(agreement)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
