/** Trusted documents by their SHA-256 (lower-case hex). */
export type TrustedDocuments = ReadonlyMap<string, string>;
