import { describe, expect, it } from 'vitest';
import { createGateway } from '../../gateway/index.ts';
import { createSubgraphServer, type DomainDefinition } from '../../subgraphs/kit/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';

/** A domain whose store fails with a message that must never reach a caller. */
const vault: DomainDefinition = {
  name: 'vault',
  description: 'A domain whose store is broken.',
  team: { name: 'Vault', email: 'vault@example.com' },
  schema: { source: 'test/gateway/vault.graphql', sdl: 'type Query { secret: String }' },
  resolvers: { Query: { secret: () => { throw new Error('connection to db-7 refused: password=hunter2'); } } },
  dataProducts: [],
};

describe('unexpected errors', () => {
  const leftovers = useLeftovers();

  async function startVault(development: boolean) {
    const subgraphLog = captureLogger('vault');
    const subgraph = leftovers.track(await createSubgraphServer({ domain: vault, development, logger: subgraphLog }));
    const gateway = leftovers.track(
      await createGateway({ subgraphs: [{ name: 'vault', url: subgraph.url }], development, logger: captureLogger('gateway') }),
    );
    await gateway.ready;
    return { gateway, subgraphLog };
  }

  it('outside development reach the caller as a generic message, and the cause goes to the log', async () => {
    const { gateway, subgraphLog } = await startVault(false);
    const { body } = await postGraphQL(gateway.url, { query: '{ secret }' });
    expect(body.data).toEqual({ secret: null });
    expect(body.errors![0]!.message).toBe('Unexpected error; the server log has the details.');
    expect(body.errors![0]!.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(body)).not.toMatch(/hunter2|stacktrace|db-7/);
    expect(subgraphLog.lines.join('\n')).toContain('password=hunter2');
  });

  it('in development are shown as they are, with a stack trace', async () => {
    const { gateway } = await startVault(true);
    const { body } = await postGraphQL(gateway.url, { query: '{ secret }' });
    expect(body.errors![0]!.message).toContain('connection to db-7 refused');
    expect(JSON.stringify(body.errors![0]!.extensions)).toContain('stacktrace');
  });

  it('a gateway with no subgraphs is a caller mistake, refused at once', async () => {
    await expect(createGateway({ subgraphs: [] })).rejects.toThrow('createGateway needs at least one subgraph');
  });
});
