/** What the IDE opens with: the query and variables another page passed in the address (`/ide?query=…&variables=…`). */
export interface InitialOperation {
  query?: string;
  variables?: string;
}

/** Reads `?query=` and `?variables=`; absent ones stay undefined, so GraphiQL keeps its saved tabs. */
export function initialOperation(search: string): InitialOperation {
  const params = new URLSearchParams(search);
  const query = params.get('query') ?? undefined;
  const variables = params.get('variables') ?? undefined;
  return { ...(query ? { query } : {}), ...(variables ? { variables } : {}) };
}

/** The IDE's address opening `query` (and `variables`, when any): how other pages hand a query over. */
export function idePath(query: string, variables?: Record<string, unknown>): string {
  const params = new URLSearchParams({ query });
  if (variables && Object.keys(variables).length > 0) params.set('variables', JSON.stringify(variables, null, 2));
  return `/ide?${params}`;
}
