import { describe, expect, it, vi } from 'vitest';
import { createGateway } from '../../gateway/index.ts';
import type { LogRecord } from '../../eventlog/index.ts';
import { createSubgraphServer, topicSubscriptionField, type DomainDefinition, type SubgraphServer } from '../../subgraphs/kit/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { readMetric } from '../support/metrics.ts';
import { subscribe } from '../support/subscriber.ts';
import { createTempLog } from '../support/tempLog.ts';

const TOPIC = 'ops.heartbeats.v1';

/** A team's subgraph; `withStream` serves the heartbeat stream, which one team hands over to the other. */
const team = (name: string, withStream: boolean): DomainDefinition => ({
  name,
  description: `The ${name} team.`,
  team: { name, email: `${name}@example.com` },
  schema: {
    source: `test/subscriptions/${name}.graphql`,
    sdl: withStream
      ? `type Query { ${name}Version: String } type Subscription { heartbeat(after: String): Heartbeat! } type Heartbeat { cursor: String! beat: Int! servedBy: String! }`
      : `type Query { ${name}Version: String }`,
  },
  resolvers: {
    Query: { [`${name}Version`]: () => '1' },
    ...(withStream
      ? {
          Subscription: {
            heartbeat: topicSubscriptionField<number, { after?: string | null }>({
              topic: TOPIC,
              decode: (record: LogRecord) => Number(record.value),
              payload: (beat, cursor) => ({ cursor, beat, servedBy: name }),
            }),
          },
        }
      : {}),
  },
  dataProducts: [],
});

describe('a stream field that moves to another subgraph', () => {
  const leftovers = useLeftovers();

  it('the gateway re-plans live subscriptions onto the new owner and resumes after the last event, with no gap and no duplicate', async () => {
    const { log } = leftovers.track(await createTempLog());
    await log.createTopic({ name: TOPIC, partitions: 1 });
    const servers: Record<string, SubgraphServer> = {};
    const start = async (name: string, withStream: boolean, port = 0) => {
      servers[name] = await createSubgraphServer({ domain: team(name, withStream), port, log, logger: captureLogger(name) });
    };
    leftovers.track({ close: async () => void (await Promise.all(Object.values(servers).map((s) => s.close()))) });
    await start('alpha', true);
    await start('beta', false);
    const gatewayLog = captureLogger('gateway');
    const gateway = leftovers.track(
      // The upstream retries faster than the gateway looks at the SDL: it reconnects to the new alpha, which
      // refuses the field, before the new supergraph moves the subscription to beta.
      await createGateway({
        subgraphs: ['alpha', 'beta'].map((name) => ({ name, url: servers[name]!.url })),
        supergraphPollMs: 1_000,
        subscriptions: { backoff: { initialDelayMs: 20, maxDelayMs: 200 } },
        logger: gatewayLog,
      }),
    );
    await gateway.ready;

    let beats = 0;
    const beat = () => log.append(TOPIC, [{ key: 'k', value: String(++beats) }]);
    const live = leftovers.track(subscribe<{ heartbeat: { beat: number; servedBy: string } }>(gateway.url, 'subscription { heartbeat { beat servedBy } }'));
    await vi.waitFor(async () => expect(await readMetric(gateway.url, 'meshgraph_subscriptions_upstream')).toBe(1), { timeout: 5_000, interval: 20 });
    // Live from now: the first beat after the upstream registered may take a few tries.
    let first = 0;
    const arrived = live.next().then((r) => (first = r.data!.heartbeat.beat));
    while (!first) await Promise.race([beat(), arrived]);
    await arrived;
    const seen = [first];
    while (beats > seen.at(-1)!) seen.push((await live.next()).data!.heartbeat.beat);

    // Beta takes the stream over: first it serves it too (that does not compose, so nothing changes), then alpha drops it.
    const port = { alpha: servers['alpha']!.port, beta: servers['beta']!.port };
    await servers['beta']!.close();
    await start('beta', true, port.beta);
    await servers['alpha']!.close();
    await start('alpha', false, port.alpha);
    await vi.waitFor(() => expect(gatewayLog.lines.some((l) => l.includes('supergraph changed') && l.includes('alpha'))).toBe(true), { timeout: 10_000, interval: 20 });
    expect(gatewayLog.lines.some((l) => l.includes('upstream subscription lost') && l.includes('refused'))).toBe(true);

    const last = beats + 3;
    while (beats < last) await beat();
    const after: { beat: number; servedBy: string }[] = [];
    while (after.length === 0 || after.at(-1)!.beat < last) {
      const result = await live.next();
      expect(result.errors).toBeUndefined();
      after.push(result.data!.heartbeat);
    }
    // Every beat once, in order, from the last one seen before the move; the new ones from beta.
    expect([...seen, ...after.map((a) => a.beat)]).toEqual(Array.from({ length: last - first + 1 }, (_, i) => first + i));
    expect(after.at(-1)!.servedBy).toBe('beta');
  });
});
