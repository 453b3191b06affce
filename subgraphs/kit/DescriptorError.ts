/** Descriptors that fail validation at start-up; `problems` lists every one found, not only the first. */
export class DescriptorError extends Error {
  override name = 'DescriptorError';
  constructor(readonly domain: string, readonly problems: readonly string[]) {
    super(
      `Domain "${domain}" cannot start: its data product descriptors have ${problems.length} problem(s):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
  }
}
