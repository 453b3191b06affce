import { describe, expect, it } from 'vitest';
import { PLAYS_TOPIC } from '../../schema/events/index.ts';
import { createSubgraphServer, type DomainDefinition, type SubgraphServer } from '../../subgraphs/kit/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh } from '../support/mesh.ts';
import { createPlayer, cursorAtEnd } from '../support/plays.ts';
import { subscribe } from '../support/subscriber.ts';

/** A small team that adds notes about listeners; its second version renames `nickname` to `badge`. */
const notes = (version: 1 | 2): DomainDefinition => ({
  name: 'notes',
  description: 'Notes the community team keeps about listeners.',
  team: { name: 'Community', email: 'community@example.com' },
  schema: {
    source: `test/subscriptions/notes.v${version}.graphql`,
    sdl: version === 1 ? 'type Listener @key(fields: "id") { id: ID! nickname: String }' : 'type Listener @key(fields: "id") { id: ID! badge: String }',
  },
  resolvers: {},
  entities: { Listener: (keys) => keys.map(({ id }) => ({ id, nickname: `fan-${String(id)}`, badge: 'gold' })) },
  dataProducts: [],
});

const feed = (field: 'nickname' | 'country') => /* GraphQL */ `
  subscription($after: String) { episodePlayed(after: $after) { play { id listener { ${field} } } } }
`;

describe('when the supergraph changes under live subscriptions', () => {
  const leftovers = useLeftovers();

  it('those still valid go on with no gap; those that are not end with SUPERGRAPH_CHANGED; queries see the new graph', async () => {
    let notesServer: SubgraphServer = await createSubgraphServer({ domain: notes(1), logger: captureLogger('notes') });
    leftovers.track({ close: () => notesServer.close() });
    const mesh = leftovers.track(
      await startMesh({ data: SMALL_TEST_DATA, extraSubgraphs: [{ name: 'notes', url: notesServer.url }], gateway: { supergraphPollMs: 50 } }),
    );
    const play = createPlayer(mesh, 'play-change');
    const after = await cursorAtEnd(mesh.log, PLAYS_TOPIC.name);
    const byNickname = leftovers.track(subscribe<{ episodePlayed: { play: { id: string; listener: { nickname: string } } } }>(mesh.gateway.url, feed('nickname'), { variables: { after } }));
    const byCountry = leftovers.track(subscribe<{ episodePlayed: { play: { id: string; listener: { country: string } } } }>(mesh.gateway.url, feed('country'), { variables: { after } }));

    const listener = mesh.domains.listeners.store.all[0]!;
    const first = await play({ listenerId: listener.id });
    expect((await byNickname.next()).data?.episodePlayed.play).toEqual({ id: first, listener: { nickname: `fan-${listener.id}` } });
    expect((await byCountry.next()).data?.episodePlayed.play).toEqual({ id: first, listener: { country: listener.country } });

    // The notes team ships version 2 on the same address: `nickname` is gone.
    await notesServer.close();
    notesServer = await createSubgraphServer({ domain: notes(2), port: notesServer.port, logger: captureLogger('notes') });

    const ended = await byNickname.next();
    expect(ended.errors?.[0]).toMatchObject({ extensions: { code: 'SUPERGRAPH_CHANGED' } });
    expect(ended.errors?.[0]?.message).toContain('Cannot query field "nickname" on type "Listener"');
    expect(await byNickname.ended).toBe('complete');
    expect(mesh.gatewayLog.some((line) => line.includes('supergraph changed') && line.includes('notes'))).toBe(true);

    const second = await play({ listenerId: listener.id });
    expect((await byCountry.next()).data?.episodePlayed.play).toEqual({ id: second, listener: { country: listener.country } });
    const { body } = await postGraphQL(mesh.gateway.url, { query: `{ listener(id: "${listener.id}") { badge } }` });
    expect(body).toEqual({ data: { listener: { badge: 'gold' } } });
  });
});
