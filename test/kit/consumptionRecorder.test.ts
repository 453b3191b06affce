import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { DataProductDescriptor } from '../../schema/index.ts';
import { createConsumptionRecorder } from '../../subgraphs/kit/consumptionRecorder.ts';

/** Just what the recorder reads of a descriptor: the product's URN, ports and schema types. */
const topCharts = { name: 'top-charts', urn: 'urn:meshgraph:insights:top-charts:v1', outputPorts: [{ kind: 'query', field: 'Query.topCharts' }], schema: [] } as unknown as DataProductDescriptor;
const query = parse('{ topCharts { rank } }');

describe('the consumer recorder of a domain', () => {
  it('keeps at most its bound of client names: a caller sending 10,000 names keeps the most recent, and a consumer that keeps calling stays', () => {
    const recorder = createConsumptionRecorder([topCharts], { maxConsumersPerProduct: 1_000 });
    for (let i = 0; i < 10_000; i++) {
      recorder.record(`scraper-${i}`, query, undefined, {});
      if (i % 500 === 0) recorder.record('charts-web', query, undefined, {});
    }
    const consumers = recorder.consumersOf(topCharts.urn);
    expect(consumers).toHaveLength(1_000);
    const names = consumers.map((c) => c.clientName);
    expect(names[0]).toBe('scraper-9999');
    expect(names).toContain('charts-web');
    expect(consumers.find((c) => c.clientName === 'charts-web')!.count).toBe(20);
    expect(names).toContain('scraper-9001');
    expect(names).not.toContain('scraper-9000');
    expect(names).not.toContain('scraper-0');
  });

  it('cuts a client name longer than the limit, so one header cannot hold a megabyte', () => {
    const recorder = createConsumptionRecorder([topCharts]);
    recorder.record('x'.repeat(1_000_000), query, undefined, {});
    recorder.record(`${'x'.repeat(100)}-another-suffix`, query, undefined, {});
    expect(recorder.consumersOf(topCharts.urn)).toEqual([{ clientName: 'x'.repeat(100), lastSeenAt: expect.any(String), count: 2 }]);
  });
});
