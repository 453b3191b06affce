import { readFileSync } from 'node:fs';
import { Ajv2019 } from 'ajv/dist/2019.js';
import ajvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { toOdcs } from '../../gateway/catalog/export/index.ts';
import type { DiscoveredDataProduct } from '../../schema/index.ts';
import { getJson } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startSubgraphs, type TestSubgraphs } from '../support/mesh.ts';

const ajv = new Ajv2019({ allErrors: true });
ajvFormats.default(ajv);
const validateOdcs = ajv.compile(JSON.parse(readFileSync(new URL('../../schema/standards/odcs-json-schema-v3.1.0.json', import.meta.url), 'utf8')) as object);
const violations = (document: unknown): string[] =>
  validateOdcs(document) ? [] : (validateOdcs.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);

describe('the ODCS contract of episode-plays carries its quality rules, which consumers apply at their input ports', () => {
  const leftovers = useLeftovers('file');
  let mesh: TestSubgraphs<'podcasts' | 'artists'>;
  const products = new Map<string, DiscoveredDataProduct>();
  beforeAll(async () => {
    mesh = leftovers.track(await startSubgraphs({ only: ['podcasts', 'artists'], data: SMALL_TEST_DATA }));
    for (const name of ['podcasts', 'artists'] as const) {
      const { body } = await getJson<{ dataProducts: DiscoveredDataProduct[] }>(mesh.subgraphs[name].url.replace(/\/graphql$/, '/data-products'));
      for (const product of body.dataProducts) products.set(product.name, product);
    }
  });

  it('the topic object play-events lists every rule in ODCS terms, and the contract validates against ODCS 3.1', () => {
    const contract = toOdcs(products.get('episode-plays')!);
    expect(violations(contract)).toEqual([]);
    const topic = contract.schema.find((object) => object.name === 'play-events')!;
    expect(topic.quality?.map((rule) => [rule.name, rule.dimension, rule.type])).toEqual([
      ['play-required-fields', 'completeness', 'library'],
      ['play-well-formed', 'conformity', 'library'],
      ['play-id-unique', 'uniqueness', 'library'],
      ['play-episode-known', 'consistency', 'custom'],
      ['play-episode-matches', 'consistency', 'custom'],
      ['play-seconds-in-range', 'accuracy', 'library'],
    ]);
    expect(topic.quality!.find((rule) => rule.name === 'play-id-unique')).toMatchObject({
      id: 'play-id-unique',
      metric: 'duplicateValues',
      mustBe: 0,
      severity: 'error',
      customProperties: [expect.objectContaining({ property: 'property', value: 'playId' }), expect.objectContaining({ property: 'onFail', value: 'deadLetter' })],
    });
    expect(topic.quality!.find((rule) => rule.name === 'play-episode-known')).toMatchObject({
      engine: 'meshgraph',
      implementation: expect.stringContaining('podcast-catalog'),
      customProperties: expect.arrayContaining([expect.objectContaining({ property: 'onFail', value: 'quarantine' })]),
    });
    // The validator checks the rules: a dimension ODCS does not know is refused.
    const badRule = { ...contract, schema: contract.schema.map((o) => (o === topic ? { ...o, quality: [{ ...topic.quality![0]!, dimension: 'freshness' }] } : o)) };
    expect(violations(badRule).join('\n')).toContain('must be equal to one of the allowed values');
  });

  it('podcast-catalog publishes its episodes on a topic, the reference plays are checked against', () => {
    expect(products.get('podcast-catalog')!.outputPorts).toContainEqual(expect.objectContaining({ kind: 'topic', topic: 'podcasts.podcast-catalog.v1' }));
  });

  it('artist-royalties states a validity objective, exported as an ODCS SLA property next to completeness', () => {
    const contract = toOdcs(products.get('artist-royalties')!);
    expect(violations(contract)).toEqual([]);
    expect(contract.slaProperties).toContainEqual(expect.objectContaining({ property: 'validity', value: 99, unit: '%' }));
    expect(contract.slaProperties).toContainEqual(expect.objectContaining({ property: 'completeness', value: 99, unit: '%' }));
  });
});
