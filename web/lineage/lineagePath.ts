/** The address of the lineage picture: the whole mesh's, or one data product's. */
export const lineagePath = (urn?: string) => (urn === undefined ? '/lineage' : `/lineage/${encodeURIComponent(urn)}`);
