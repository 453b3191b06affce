import type { Consumer } from '../../governance/Consumer.ts';

/** A consumer as a verified token would give it: a person with no team, domains, scopes or regions unless `fields` say. */
export function testConsumer(id: string, fields: Partial<Consumer> = {}): Consumer {
  return { id, kind: 'person', team: undefined, owns: [], scopes: [], regions: [], ...fields };
}
