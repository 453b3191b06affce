import { describe, expect, it } from 'vitest';
import { loadDomain } from '../../bin/loadDomain.ts';
import { runCheckCommand } from '../../bin/runCheckCommand.ts';
import { loadMeshPolicy, readMeshPolicy } from '../../governance/policy/index.ts';
import { checkSubgraph } from '../../registry/checks/index.ts';
import { buildDomainSubgraph } from '../../subgraphs/kit/buildDomainSubgraph.ts';
import { freePort } from '../support/freePort.ts';

describe('every field classified, for a domain that adds fields to another domain\u2019s polyseme', () => {
  it('artists adds royalties to the podcasts\u2019 Podcast: artist-royalties classifies it, and meshgraph check artists warns of nothing', async () => {
    const { sdl } = buildDomainSubgraph(await loadDomain('artists', {}), readMeshPolicy({}));
    const podcast = /type Podcast[^}]*}/.exec(sdl())![0];
    expect(podcast).toMatch(/royalties: Royalties @classified\(level: "confidential", product: "urn:meshgraph:artists:artist-royalties:v1", explicit: true\)/);

    let out = '';
    const code = await runCheckCommand(['artists', '--json', '--gateway', `http://127.0.0.1:${await freePort()}`], {}, (text) => void (out += text), () => undefined);
    expect(JSON.parse(out)).toMatchObject({ subgraph: 'artists', passed: true, problems: [] });
    expect(code).toBe(0);
  });

  it('the polyseme\u2019s key and urn are its owner\u2019s to classify; a field the domain adds and no product classifies is still reported', async () => {
    const sdl = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable"])
type Query { giftCards: [String!]! }
type Podcast @key(fields: "id") {
  id: ID!
  urn: ID! @shareable
  giftCount: Int
}`;
    const candidate = { name: 'merch', url: 'http://merch.invalid/graphql', sdl, descriptors: [], version: '1', publishedBy: 'merch-owner', publishedAt: '2026-11-30T12:00:00.000Z' };
    const report = await checkSubgraph(candidate, { subgraphs: [], policy: loadMeshPolicy() });
    expect(report.problems.filter((p) => p.check === 'unclassified-field').map((p) => p.coordinate)).toEqual(['Query.giftCards', 'Podcast.giftCount']);
  });
});
