import { describe, expect, it } from 'vitest';
import { createSupergraphLifecycle } from '../../gateway/createSupergraphLifecycle.ts';
import { closeServer, createHttpServer, listen, sendJson } from '../../server/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

describe("the gateway's supergraph from composition to each change", () => {
  const leftovers = useLeftovers();

  /** A subgraph that answers `{ _service { sdl } }` with the SDL of the moment. */
  async function subgraph(initialSdl: string) {
    let sdl = initialSdl;
    const server = createHttpServer({ routes: [{ path: '/graphql', methods: { POST: (_request, response) => sendJson(response, 200, { data: { _service: { sdl } } }) } }], logger: captureLogger('notes') });
    const url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}/graphql`;
    leftovers.track({ close: () => closeServer(server) });
    return { url, ship: (next: string) => (sdl = next) };
  }

  it('composes the subgraphs with the catalog, then hands over each new supergraph', async () => {
    const notes = await subgraph(`${FEDERATION} type Query { note: String }`);
    const aborter = new AbortController();
    leftovers.track({ close: () => aborter.abort() });
    const supergraph = createSupergraphLifecycle({
      subgraphs: [{ name: 'notes', url: notes.url }],
      catalogUrl: () => 'http://127.0.0.1:4000/graphql',
      startupWaitMs: 1_000,
      pollMs: 10,
      signal: aborter.signal,
      logger: captureLogger('gateway'),
    });
    expect(supergraph.subgraphSdls()).toEqual([]);

    const composed = await supergraph.compose();
    expect(composed.sdl).toMatch(/join__Graph[\s\S]*NOTES[\s\S]*note: String/);
    expect(composed.sdl).toContain('dataProducts');
    expect(supergraph.subgraphSdls()).toEqual([{ name: 'notes', sdl: `${FEDERATION} type Query { note: String }` }]);

    const changes: string[] = [];
    const changed = new Promise<void>((resolve) => composed.watch((sdl) => (changes.push(sdl), resolve())));
    notes.ship(`${FEDERATION} type Query { note: String badge: String }`);
    await changed;
    expect(changes[0]).toContain('badge: String');
    expect(supergraph.subgraphSdls()[0]?.sdl).toContain('badge');
  });
});
