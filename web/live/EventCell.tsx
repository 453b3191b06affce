import { productPath } from '../product/productPath.ts';
import type { EventCell as Cell, Masking } from './eventCells.ts';

/**
 * One field of one event: its value; or, where governance held it back,
 * "masked" with the rule and classification that did, and how to be allowed
 * it; or the error that left it empty.
 */
export function EventCell({ cell }: { cell: Cell }) {
  switch (cell.kind) {
    case 'value':
      return <td>{cell.text}</td>;
    case 'empty':
      return <td class="empty">null</td>;
    case 'masked':
      return <MaskedCell masking={cell.masking} />;
    case 'error':
      return <td class="field-error">error: {cell.message}</td>;
    default:
      throw new TypeError(`Unknown cell ${JSON.stringify(cell satisfies never)}`);
  }
}

function MaskedCell({ masking }: { masking: Masking }) {
  const { rule, classification, urn, decision, remedy } = masking;
  return (
    <td class="masked" data-rule={rule}>
      <strong class="masked-label">masked</strong>
      <span class="masked-why">
        {classification ? `${classification} · ` : ''}rule {rule}
      </span>
      <span class="masked-how">
        {urn && decision === 'masked' ? (
          <>
            To read it, <a href={accessLink(urn)}>request access to {urn.split(':')[3] ?? urn}</a>
          </>
        ) : (
          `To read it: ${remedy}`
        )}
      </span>
    </td>
  );
}

/** The product page's Access section: on this page, a jump to it (the browser's, not the router's). */
const accessLink = (urn: string) => (location.pathname === productPath(urn) ? '#access' : `${productPath(urn)}#access`);
