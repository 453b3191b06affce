/**
 * What a caller may read of a data product, on the catalog's `DataProduct`:
 * a consumer without access sees that the product exists, who owns it, which
 * fields it would get and how to ask for the rest.
 */
export const DATA_PRODUCT_ACCESS_TYPE_DEFS = /* GraphQL */ `
extend type DataProduct {
  "What the caller may read of this data product under the mesh policy, and how to ask for more."
  access: DataProductAccess!
}

"What the caller may read of a data product."
type DataProductAccess {
  "The caller's approved agreement on this product, if it has one."
  agreement: AccessAgreement
  "True when the caller reads every field as is."
  complete: Boolean!
  "Each field of the product's schema and what the caller gets of it."
  fields: [FieldAccess!]!
  "What to do to read the fields the caller does not get; null when it gets them all."
  howToRequest: String
}

"One field of a data product and what the caller gets of it."
type FieldAccess {
  "\`Type.field\`"
  field: String!
  classification: Classification!
  "\`allowed\`, \`masked\` (null, or a pseudonym) or \`denied\`."
  decision: AccessDecision!
  "The rule that masks or denies it."
  rule: String
  "Served as a stable pseudonym instead of null."
  pseudonymised: Boolean!
}
`;
