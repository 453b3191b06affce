import { productPath } from '../product/productPath.ts';
import type { GraphQLFieldError } from './graphAnswer.ts';

/**
 * A field the gateway did not serve: "restricted" when governance withheld
 * it (its classification, the rule, and the gateway's own words on how to
 * get access, which name the product to ask), else what went wrong.
 */
export function Restricted({ error }: { error: GraphQLFieldError }) {
  const { code, classification, rule, urn } = error.extensions ?? {};
  if (code !== 'FORBIDDEN') {
    return (
      <span class="unavailable">
        <strong>unavailable</strong> {error.message}
      </span>
    );
  }
  return (
    <span class="restricted-field">
      <strong class="restricted">restricted</strong>
      {classification ? <span class={`classification classification-${classification}`}> {classification}</span> : null}
      {rule ? (
        <>
          {' '}
          · rule <code>{rule}</code>
        </>
      ) : null}
      <span class="reason">{error.message}</span>
      {urn ? (
        <a class="access" href={productPath(urn)}>
          Request access to {urn}
        </a>
      ) : null}
    </span>
  );
}
