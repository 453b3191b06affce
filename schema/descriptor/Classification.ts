/** Sensitivity of a field; `pii` identifies a person. */
export type Classification = 'public' | 'internal' | 'confidential' | 'pii';

/** Every `Classification`, from least to most sensitive. */
export const CLASSIFICATIONS: readonly Classification[] = ['public', 'internal', 'confidential', 'pii'];
