/** A domain schema that declares a polyseme other than `schema/polysemes.graphql` defines it. */
export class PolysemeError extends Error {
  override name = 'PolysemeError';
}
