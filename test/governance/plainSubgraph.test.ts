import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../gateway/index.ts';
import type { Consumer } from '../../governance/Consumer.ts';
import { createPseudonymiser } from '../../governance/enforcement/index.ts';
import type { Governance } from '../../governance/Governance.ts';
import { claimsOf, createAuthenticator, issueToken, readTokenKeys, type TokenKeys } from '../../governance/identity/index.ts';
import { loadMeshPolicy } from '../../governance/policy/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';

const leftovers = useLeftovers('file');

/** A plain Federation subgraph, no descriptors: Apollo's authorization directives and unclassified fields. */
const SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated", "@requiresScopes", "@policy"])
type Query {
  forecast: String
  signedIn: String @authenticated
  payroll: Int @requiresScopes(scopes: [["payroll:read"], ["finance", "admin"]])
  findings: String @policy(policies: [["auditors"]])
}`;
const EVERYTHING = '{ forecast signedIn payroll findings }';

let keys: TokenKeys;
const consumer = (scopes: string[]): Consumer => ({ id: `plain-${scopes.join('-') || 'none'}`, kind: 'application', team: 'weather', owns: [], scopes, regions: [] });
const bearer = async (scopes: string[]) => ({ authorization: `Bearer ${await issueToken(claimsOf(consumer(scopes)), keys.signing!)}` });

/** A gateway over the plain subgraph, governed by the repository's policy or a change of it. */
async function gatewayWith(policyChange: Partial<Governance['policy']> = {}): Promise<Gateway> {
  const governance: Governance = {
    policy: { ...loadMeshPolicy(), ...policyChange },
    authenticator: createAuthenticator({ verify: keys.verify }),
    agreements: { granted: () => undefined, list: () => [], onChange: () => () => undefined },
    audit: { record: () => undefined },
    pseudonymise: createPseudonymiser('plain-subgraph-test-key'),
  };
  const gateway = leftovers.track(await createGateway({ subgraphs: [{ name: 'weather', url: subgraphUrl }], governance, rateLimits: false, supergraphPollMs: 0, healthProbeMs: 0, logger: captureLogger('gateway') }));
  await gateway.ready;
  return gateway;
}

let subgraphUrl: string;
beforeAll(async () => {
  keys = await readTokenKeys({ MESHGRAPH_DATA_DIR: leftovers.track(await createTempDir()).path });
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: parse(SDL), resolvers: { Query: { forecast: () => 'sunny', signedIn: () => 'welcome', payroll: () => 4200, findings: () => 'none' } } }]),
  });
  subgraphUrl = (await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } })).url;
  leftovers.track({ close: () => server.stop() });
});

describe("a plain Federation subgraph's fields are governed too", () => {
  it('unclassified fields follow the policy\u2019s default (internal); @authenticated, @requiresScopes and @policy are enforced at the gateway', async () => {
    const gateway = await gatewayWith();
    const ask = async (headers: Record<string, string>) => (await postGraphQL(gateway.url, { query: EVERYTHING }, headers)).body;

    const anonymous = await ask({});
    expect(anonymous.data).toEqual({ forecast: null, signedIn: null, payroll: null, findings: null });
    expect(anonymous.errors?.map((e) => [e.path?.[0], e.extensions?.['rule']])).toEqual(
      expect.arrayContaining([['forecast', 'internal-needs-authentication'], ['signedIn', '@authenticated']]),
    );

    const signedIn = await ask(await bearer([]));
    expect(signedIn.data).toEqual({ forecast: 'sunny', signedIn: 'welcome', payroll: null, findings: null });
    expect(signedIn.errors?.map((e) => [e.path?.[0], e.extensions?.['rule']])).toEqual([['payroll', '@requiresScopes'], ['findings', '@policy']]);

    expect((await ask(await bearer(['payroll:read', 'policy:auditors']))).data).toEqual({ forecast: 'sunny', signedIn: 'welcome', payroll: 4200, findings: 'none' });
    // Either set of scopes of @requiresScopes will do, each held whole.
    expect((await ask(await bearer(['finance', 'admin']))).data).toMatchObject({ payroll: 4200 });
    expect((await ask(await bearer(['finance']))).data).toMatchObject({ payroll: null });
  });

  it('the policy sets the default: with `unclassified: public`, anyone reads the unclassified fields', async () => {
    const gateway = await gatewayWith({ unclassified: 'public' });
    const { data } = (await postGraphQL(gateway.url, { query: EVERYTHING })).body;
    expect(data).toEqual({ forecast: 'sunny', signedIn: null, payroll: null, findings: null });
  });
});
