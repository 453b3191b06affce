/** The address of a data product's page. */
export const productPath = (urn: string) => `/products/${encodeURIComponent(urn)}`;
