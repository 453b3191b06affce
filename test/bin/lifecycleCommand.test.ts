import { beforeAll, describe, expect, it } from 'vitest';
import { runLifecycleCommand } from '../../bin/runLifecycleCommand.ts';
import { DEMO_CONSUMERS } from '../../demo/consumers.ts';
import { createCallerGuard } from '../../governance/identity/index.ts';
import { createLifecycleBook, createLifecycleRoutes, type LifecycleBook } from '../../registry/index.ts';
import type { DataProductDescriptor } from '../../schema/index.ts';
import { closeServer, createHttpServer, listen } from '../../server/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { freePort } from '../support/freePort.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempLog } from '../support/tempLog.ts';

const PLAYS_V1 = 'urn:meshgraph:podcasts:episode-plays:v1';
const PLAYS_V2 = 'urn:meshgraph:podcasts:episode-plays:v2';
const PUBLISHED = new Map([PLAYS_V1, PLAYS_V2].map((urn) => [urn, { urn, domain: 'podcasts', status: 'active' } as DataProductDescriptor]));

/** A gateway's lifecycle route over a book on a temporary log; a demo consumer's credentials are `Bearer <its id>`. */
async function startLifecycleGateway(routes: 'lifecycle' | 'none', leftovers: ReturnType<typeof useLeftovers>) {
  const { log } = leftovers.track(await createTempLog());
  const book = leftovers.track(createLifecycleBook({ log, products: (urn) => PUBLISHED.get(urn), logger: captureLogger('lifecycle') }));
  const guard = createCallerGuard({ authenticator: { authenticate: async (credentials) => DEMO_CONSUMERS[credentials?.replace('Bearer ', '') ?? ''] }, logger: captureLogger('guard') });
  const server = createHttpServer({ routes: routes === 'lifecycle' ? createLifecycleRoutes({ lifecycle: book, guard }) : [], logger: captureLogger('gateway') });
  const port = await listen(server, 0, '127.0.0.1');
  leftovers.track({ close: () => closeServer(server) });
  return { book, url: `http://127.0.0.1:${port}/graphql` };
}

describe('meshgraph lifecycle: a domain owner moves a data product\'s status from the terminal', () => {
  const leftovers = useLeftovers('file');
  let gateway: { book: LifecycleBook; url: string };
  beforeAll(async () => {
    gateway = await startLifecycleGateway('lifecycle', leftovers);
  });
  const run = async (args: string[], env: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runLifecycleCommand(args, { MESHGRAPH_GATEWAY_URL: gateway.url, MESHGRAPH_TOKEN: 'podcasts-owner', ...env }, (t) => out.push(t), (t) => err.push(t));
    return { code, out: out.join(''), err: err.join('') };
  };

  it('deprecates with a reason, a successor and a sunset, and says what consumers see', async () => {
    const moved = await run([PLAYS_V1, 'deprecated', '--reason', 'v2 counts a play once per device', `--successor=${PLAYS_V2}`, '--sunset', '2099-03-31']);
    expect(moved).toMatchObject({ code: 0, err: '' });
    expect(moved.out).toContain(`${PLAYS_V1}: active → deprecated at ${gateway.url}; every gateway replica serves it now.`);
    expect(moved.out).toContain(`successor: ${PLAYS_V2}`);
    expect(moved.out).toContain('until its sunset 2099-03-31');
    expect(gateway.book.get(PLAYS_V1)).toMatchObject({ status: 'deprecated', successor: PLAYS_V2, sunset: '2099-03-31', history: [{ by: 'podcasts-owner' }] });
  });

  it('a move the gateway refuses exits 1 with its reason; --json prints the gateway\'s answer', async () => {
    expect(await run([PLAYS_V2, 'deprecated', '--reason', 'mine now'], { MESHGRAPH_TOKEN: 'insights-owner' })).toMatchObject({ code: 1, err: expect.stringContaining('"insights-owner" is neither') });
    expect(await run([PLAYS_V2, 'deprecated', '--reason', 'who am I'], { MESHGRAPH_TOKEN: '' })).toMatchObject({ code: 1, err: expect.stringContaining('set MESHGRAPH_TOKEN') });
    const backward = await run([PLAYS_V1, 'active', '--reason', 'changed our mind', '--json']);
    expect(backward.code).toBe(1);
    expect(JSON.parse((await run([PLAYS_V2, 'deprecated', '--reason', 'v3 is coming', '--json'])).out).lifecycle).not.toHaveProperty('descriptor');
    expect(JSON.parse(backward.out)).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('a status moves forward only') }] });
    expect(await run(['urn:meshgraph:podcasts:episode-plays:v7', 'deprecated', '--reason', 'x'])).toMatchObject({ code: 1, err: expect.stringContaining('No data product the registry knows') });
  });

  it('bad usage exits 2 before asking the gateway, and so does a gateway that is down or has no registry', async () => {
    const usage = async (args: string[], message: string, env?: Record<string, string>) => {
      const ran = await run(args, env);
      expect(ran, args.join(' ')).toMatchObject({ code: 2, err: expect.stringContaining(message) });
      return ran;
    };
    expect((await usage([PLAYS_V2, 'deprecated'], '--reason is required')).err).toContain('Usage:\n  meshgraph lifecycle <urn> <status>');
    await usage([PLAYS_V2, 'sunset', '--reason', 'x'], 'The status must be one of proposed, active, deprecated, retired, not "sunset".');
    await usage([PLAYS_V2, 'deprecated', '--reason', 'x', '--sunset', '31/03/2099'], '--sunset must be a day written YYYY-MM-DD');
    await usage([PLAYS_V2], 'needs a data product\'s URN and the status it moves to');
    await usage([PLAYS_V2, 'deprecated', '--reason', 'x', '--force'], 'Unknown option "--force".');
    await usage([PLAYS_V2, 'deprecated', '--reason', 'x'], 'The gateway must be an http(s) URL', { MESHGRAPH_GATEWAY_URL: 'localhost:4000' });
    await usage([PLAYS_V2, 'deprecated', '--reason', 'x', '--gateway', `http://127.0.0.1:${await freePort()}/graphql`], 'did not answer');
    const bare = await startLifecycleGateway('none', leftovers);
    await usage([PLAYS_V2, 'deprecated', '--reason', 'x', '--gateway', bare.url], 'takes no status moves (HTTP 404): the lifecycle needs the registry');
    // Only the move of the test before: nothing here reached the book.
    expect(gateway.book.get(PLAYS_V2)?.history).toHaveLength(1);
  });
});
