import { cacheControlFromInfo } from '@apollo/cache-control-types';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readSwitch } from '../../config/index.ts';
import { dedupeInboundExecutions } from '../../gateway/dedupeInboundExecutions.ts';
import { createGateway, type GatewayOptions } from '../../gateway/index.ts';
import type { AccessAgreement } from '../../governance/AccessAgreement.ts';
import type { AccessRecord } from '../../governance/AccessDecision.ts';
import type { Consumer } from '../../governance/Consumer.ts';
import { createPseudonymiser } from '../../governance/enforcement/index.ts';
import type { Governance } from '../../governance/Governance.ts';
import { claimsOf, createAuthenticator, issueToken, readTokenKeys } from '../../governance/identity/index.ts';
import { loadMeshPolicy } from '../../governance/policy/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { readMetric } from '../support/metrics.ts';
import { createTempDir } from '../support/tempDir.ts';

const FORECASTS = 'urn:meshgraph:weather:forecasts:v1';

/** A weather domain: public forecasts, a confidential salary (an agreement reads it), a mutation; its fields classified as the kit classifies them. */
const SDL = `
extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@composeDirective"])
  @link(url: "https://meshgraph.dev/governance/v1.0", import: ["@classified"])
  @composeDirective(name: "@classified")
directive @classified(level: String!, product: String!, explicit: Boolean, pseudonymise: Boolean) repeatable on FIELD_DEFINITION
type Query {
  forecast(city: String!, units: String! = "C"): String @classified(level: "public", product: "${FORECASTS}")
  salary: Int @classified(level: "confidential", product: "${FORECASTS}")
}
type Mutation {
  report(city: String!): String @classified(level: "public", product: "${FORECASTS}")
}`;

const FORECAST = 'query Forecast($city: String!, $units: String!) { forecast(city: $city, units: $units) }';

/** Resolves once `bump` was called `count` times in all. */
function counter() {
  let count = 0;
  const waiters = new Set<{ count: number; resolve: () => void }>();
  return {
    get count() {
      return count;
    },
    bump() {
      count++;
      for (const waiter of waiters) if (count >= waiter.count) (waiters.delete(waiter), waiter.resolve());
    },
    reach: (target: number) => new Promise<void>((resolve) => (count >= target ? resolve() : waiters.add({ count: target, resolve }))),
  };
}

/** A promise and what settles it. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('identical queries in flight share one execution', () => {
  const leftovers = useLeftovers();

  /** The weather domain, counting its executions and holding every answer until `release()`. */
  async function startWeather() {
    const held = deferred();
    const [forecasts, reports] = [counter(), counter()];
    const server = new ApolloServer<{ caller: string }>({
      schema: buildSubgraphSchema([
        {
          typeDefs: parse(SDL),
          resolvers: {
            Query: {
              forecast: async (_: unknown, { city, units }: { city: string; units: string }, { caller }: { caller: string }, info: GraphQLResolveInfo) => {
                forecasts.bump();
                cacheControlFromInfo(info).setCacheHint({ maxAge: 60 });
                await held.promise;
                return `${city}: 21 °${units}, for ${caller}`;
              },
              salary: () => 4200,
            },
            Mutation: {
              report: async (_: unknown, { city }: { city: string }) => {
                reports.bump();
                await held.promise;
                return `reported ${city}`;
              },
            },
          },
        },
      ]),
    });
    const { url } = await startStandaloneServer(server, {
      listen: { port: 0, host: '127.0.0.1' },
      // What reaches the domain of who calls: the consumer the gateway names, else the client's name.
      context: async ({ req }) => ({ caller: String(req.headers['x-meshgraph-consumer'] ?? req.headers['apollographql-client-name'] ?? 'anyone') }),
    });
    leftovers.track({ close: () => (held.resolve(), server.stop()) });
    return { url, forecasts, reports, release: () => held.resolve() };
  }

  /**
   * A gateway over `weather`; `arrivals` counts the operations it has
   * resolved (its field usage is recorded just before they run). Subgraph
   * fetches are not shared here, so the domain counts executions.
   */
  async function startGateway(weatherUrl: string, options: Partial<GatewayOptions> = {}) {
    const arrivals = counter();
    const gateway = leftovers.track(
      await createGateway({
        subgraphs: [{ name: 'weather', url: weatherUrl }],
        dedupeInflight: false,
        fieldUsage: { record: () => arrivals.bump(), flush: async () => {}, close: async () => {} },
        supergraphPollMs: 0,
        healthProbeMs: 0,
        logger: captureLogger('gateway'),
        ...options,
      }),
    );
    await gateway.ready;
    return { gateway, arrivals };
  }

  it('eight callers asking the same forecast at once get it from one execution, whatever order their variables came in', async () => {
    const weather = await startWeather();
    const { gateway, arrivals } = await startGateway(weather.url);
    const answers = Array.from({ length: 8 }, (_, i) =>
      postGraphQL(gateway.url, { query: FORECAST, variables: i % 2 ? { city: 'Oslo', units: 'C' } : { units: 'C', city: 'Oslo' } }),
    );
    await arrivals.reach(8);
    weather.release();
    for (const { status, headers, body } of await Promise.all(answers)) {
      expect(status).toBe(200);
      expect(body).toEqual({ data: { forecast: 'Oslo: 21 °C, for anyone' } });
      // The domain's cache hint, as one caller would have it alone.
      expect(headers.get('cache-control')).toBe('max-age=60, public');
    }
    expect(weather.forecasts.count).toBe(1);
    expect(await readMetric(gateway.url, 'meshgraph_query_executions_shared_total')).toBe(7);

    // Nothing is kept once answered: the same query later runs again.
    expect((await postGraphQL(gateway.url, { query: FORECAST, variables: { city: 'Oslo', units: 'C' } })).body.data).toEqual({ forecast: 'Oslo: 21 °C, for anyone' });
    expect(weather.forecasts.count).toBe(2);
  });

  it('other variables, another client and mutations each run their own execution', async () => {
    const weather = await startWeather();
    const { gateway, arrivals } = await startGateway(weather.url);
    const REPORT = 'mutation Report($city: String!) { report(city: $city) }';
    const answers = [
      postGraphQL(gateway.url, { query: FORECAST, variables: { city: 'Oslo', units: 'C' } }),
      postGraphQL(gateway.url, { query: FORECAST, variables: { city: 'Oslo', units: 'F' } }),
      postGraphQL(gateway.url, { query: FORECAST, variables: { city: 'Oslo', units: 'C' } }, { 'apollographql-client-name': 'kiosk' }),
      postGraphQL(gateway.url, { query: REPORT, variables: { city: 'Oslo' } }),
      postGraphQL(gateway.url, { query: REPORT, variables: { city: 'Oslo' } }),
    ];
    await arrivals.reach(5);
    weather.release();
    expect((await Promise.all(answers)).map(({ body }) => body.data)).toEqual([
      { forecast: 'Oslo: 21 °C, for anyone' },
      { forecast: 'Oslo: 21 °F, for anyone' },
      { forecast: 'Oslo: 21 °C, for kiosk' },
      { report: 'reported Oslo' },
      { report: 'reported Oslo' },
    ]);
    expect([weather.forecasts.count, weather.reports.count]).toEqual([3, 2]);
    expect(await readMetric(gateway.url, 'meshgraph_query_executions_shared_total')).toBe(0);
  });

  it('turned off (MESHGRAPH_INBOUND_DEDUPE=off), every caller runs its own execution', async () => {
    const weather = await startWeather();
    const inboundDedupe = readSwitch({ MESHGRAPH_INBOUND_DEDUPE: 'off' }, 'MESHGRAPH_INBOUND_DEDUPE', true);
    const { gateway, arrivals } = await startGateway(weather.url, { inboundDedupe });
    const answers = Array.from({ length: 4 }, () => postGraphQL(gateway.url, { query: FORECAST, variables: { city: 'Oslo', units: 'C' } }));
    await arrivals.reach(4);
    weather.release();
    for (const { body } of await Promise.all(answers)) expect(body.data).toEqual({ forecast: 'Oslo: 21 °C, for anyone' });
    expect(weather.forecasts.count).toBe(4);
  });

  describe('governed', () => {
    const consumer = (id: string): Consumer => ({ id, kind: 'application', team: 'weather', owns: [], scopes: [], regions: [] });
    const agreement: AccessAgreement = { id: 'agr-payroll', urn: FORECASTS, consumer: 'payroll-app', purpose: 'analytics', justification: 'paying people', status: 'approved', requestedAt: '2026-01-01T00:00:00.000Z' };
    const QUERY = '{ forecast(city: "Oslo") salary }';

    /** A governed gateway over `weather`: only `payroll-app` has an agreement on the forecasts, so only it reads `salary`. */
    async function startGovernedGateway(weatherUrl: string) {
      const keys = await readTokenKeys({ MESHGRAPH_DATA_DIR: leftovers.track(await createTempDir()).path });
      const audit: AccessRecord[] = [];
      const governance: Governance = {
        policy: loadMeshPolicy(),
        authenticator: createAuthenticator({ verify: keys.verify }),
        agreements: { granted: (id, urn) => (id === agreement.consumer && urn === agreement.urn ? agreement : undefined), list: () => [agreement], onChange: () => () => undefined },
        audit: { record: (record) => void audit.push(record) },
        pseudonymise: createPseudonymiser('inbound-dedupe-test-key'),
      };
      const started = await startGateway(weatherUrl, { governance, rateLimits: false });
      const bearer = async (id: string) => ({ authorization: `Bearer ${await issueToken(claimsOf(consumer(id)), keys.signing!)}` });
      return { ...started, audit, bearer };
    }

    it('consumers asking the same at once each get their own answer: with other rights, or the same rights and another name', async () => {
      const weather = await startWeather();
      const { gateway, arrivals, bearer } = await startGovernedGateway(weather.url);
      const tokens = await Promise.all(['payroll-app', 'weather-app', 'radio-app'].map(bearer));
      const answers = tokens.map((headers) => postGraphQL(gateway.url, { query: QUERY }, headers));
      await arrivals.reach(3);
      weather.release();
      const [payroll, weatherApp, radio] = (await Promise.all(answers)).map(({ body }) => body);
      expect(payroll).toEqual({ data: { forecast: 'Oslo: 21 °C, for payroll-app', salary: 4200 } });
      for (const [body, id] of [[weatherApp, 'weather-app'], [radio, 'radio-app']] as const) {
        expect(body!.data).toEqual({ forecast: `Oslo: 21 °C, for ${id}`, salary: null });
        expect(body!.errors?.map((e) => [e.path, e.extensions?.['rule']])).toEqual([[['salary'], 'confidential-needs-agreement']]);
      }
      expect(weather.forecasts.count).toBe(3);
    });

    it("one consumer's identical queries share one execution, and each is audited and masked for itself", async () => {
      const weather = await startWeather();
      const { gateway, arrivals, audit, bearer } = await startGovernedGateway(weather.url);
      const headers = await bearer('weather-app');
      const answers = Array.from({ length: 4 }, () => postGraphQL(gateway.url, { query: QUERY }, headers));
      await arrivals.reach(4);
      weather.release();
      for (const { body } of await Promise.all(answers)) {
        expect(body.data).toEqual({ forecast: 'Oslo: 21 °C, for weather-app', salary: null });
        expect(body.errors?.map((e) => e.extensions?.['rule'])).toEqual(['confidential-needs-agreement']);
      }
      expect(weather.forecasts.count).toBe(1);
      expect(audit.map((record) => [record.consumer, record.decision])).toEqual(Array.from({ length: 4 }, () => ['weather-app', 'masked']));
    });
  });
});

describe('a caller that runs out of time while it shares an execution', () => {
  /** An executor that runs until `finish`, or, once its signal aborts, answers with what it has (as the gateway's does). */
  function heldExecutor() {
    const started: AbortSignal[] = [];
    const finished = deferred<GatewayExecutionResult>();
    const executor = async ({ context }: GatewayGraphQLRequestContext): Promise<GatewayExecutionResult> => {
      const signal = (context as { signal: AbortSignal }).signal;
      started.push(signal);
      const aborted = new Promise<GatewayExecutionResult>((resolve) => signal.addEventListener('abort', () => resolve({ data: { forecast: null }, errors: [] })));
      return Promise.race([finished.promise, aborted]);
    };
    return { executor, started, finish: () => finished.resolve({ data: { forecast: 'sunny' } }) };
  }
  const operation = parse('{ forecast }').definitions[0] as OperationDefinitionNode;
  const request = (signal: AbortSignal) => ({ queryHash: 'forecast', operationName: null, operation, request: { variables: {} }, context: { signal } }) as unknown as GatewayGraphQLRequestContext;

  it('stops waiting alone with OPERATION_TIMEOUT; the execution goes on and the others get the answer', async () => {
    const held = heldExecutor();
    const execute = dedupeInboundExecutions(held.executor);
    const [impatient, patient] = [new AbortController(), new AbortController()];
    const first = execute(request(impatient.signal));
    const second = execute(request(patient.signal));
    impatient.abort(new Error('out of time'));
    const timedOut = await first;
    expect(timedOut.data).toBeNull();
    expect(timedOut.errors?.map((e) => e.extensions['code'])).toEqual(['OPERATION_TIMEOUT']);
    expect(held.started).toHaveLength(1);
    expect(held.started[0]!.aborted).toBe(false);
    held.finish();
    expect(await second).toEqual({ data: { forecast: 'sunny' } });
  });

  it('the last one to give up aborts the execution and gets its partial answer; the next caller starts afresh', async () => {
    const held = heldExecutor();
    const execute = dedupeInboundExecutions(held.executor);
    const callers = [new AbortController(), new AbortController()];
    const answers = callers.map((caller) => execute(request(caller.signal)));
    for (const caller of callers) caller.abort(new Error('out of time'));
    expect(held.started[0]!.aborted).toBe(true);
    // Before the aborted execution answered: it is not joined.
    const later = execute(request(new AbortController().signal));
    expect(held.started).toHaveLength(2);
    expect((await answers[0])?.errors?.[0]?.extensions['code']).toBe('OPERATION_TIMEOUT');
    expect(await answers[1]).toEqual({ data: { forecast: null }, errors: [] });
    held.finish();
    expect(await later).toEqual({ data: { forecast: 'sunny' } });
  });
});
