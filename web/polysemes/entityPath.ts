/** The address of a polyseme instance's page. */
export const entityPath = (urn: string) => `/entities/${encodeURIComponent(urn)}`;
