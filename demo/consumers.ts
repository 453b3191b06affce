import type { Consumer } from '../governance/Consumer.ts';

/** An owner of one demo domain: a person of that domain's team. */
const owner = (domain: string): Consumer => ({ id: `${domain}-owner`, kind: 'person', team: domain, owns: [domain], scopes: [], regions: [] });

/**
 * The demo's ready-made consumers, by id: `npx meshgraph token <id>` prints a
 * token for one. They are demo data: a real mesh's consumers come from its
 * identity provider's tokens.
 */
export const DEMO_CONSUMERS: Readonly<Record<string, Consumer>> = Object.fromEntries(
  ([
    // A person in insights, allowed EU listeners' personal data once an agreement grants it; no agreements yet.
    { id: 'analyst', kind: 'person', team: 'insights', owns: [], scopes: [], regions: ['EU'] },
    { id: 'charts-web', kind: 'application', team: 'insights', owns: [], scopes: [], regions: [] },
    { id: 'royalties-payout', kind: 'job', team: 'artists', owns: [], scopes: ['royalties'], regions: [] },
    owner('listeners'),
    owner('podcasts'),
    owner('artists'),
    owner('insights'),
    { id: 'governance', kind: 'person', team: 'governance', owns: [], scopes: ['governance'], regions: [] },
  ] satisfies Consumer[]).map((consumer) => [consumer.id, consumer]),
);

/**
 * Who each demo consumer is, in a line a newcomer understands (the web
 * catalog's sign-in picker shows it): what it is and what governance lets it read.
 */
export const DEMO_CONSUMER_DESCRIPTIONS: Readonly<Record<string, string>> = {
  analyst: "A person in the insights team, EU; reads listeners' personal data only with an approved agreement.",
  'charts-web': "The insights team's charts website (an application); internal data, nothing confidential without an agreement.",
  'royalties-payout': "The artists team's royalty payout job (scope royalties); royalty amounts need an agreement.",
  ...Object.fromEntries(['listeners', 'podcasts', 'artists', 'insights'].map((domain) => [`${domain}-owner`, `Owns the ${domain} domain: reads all of its data and decides its access requests.`])),
  governance: 'The governance team: decides any access request and reads every audit.',
};
