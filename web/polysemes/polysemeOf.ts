import type { Polyseme } from './polysemeQueries.ts';

/** The polyseme whose URN pattern `urn` follows, with the instance's key; undefined when none does. */
export function polysemeOf(urn: string, polysemes: readonly Polyseme[]): { polyseme: Polyseme; id: string } | undefined {
  for (const polyseme of polysemes) {
    const [before = '', after = ''] = polyseme.urnPattern.split('{id}');
    if (urn.length > before.length + after.length && urn.startsWith(before) && urn.endsWith(after)) {
      const id = urn.slice(before.length, urn.length - after.length);
      if (!id.includes(':')) return { polyseme, id };
    }
  }
  return undefined;
}
