import { readFileSync } from 'node:fs';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import ajvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  dataContractId,
  EXPORT_FORMATS,
  ExportFormatError,
  exportDescriptor,
  parseExportFormat,
  toOdcs,
  toOdps,
  type ExportFormat,
  type OdcsDocument,
  type OdcsProperty,
  type OdpsDocument,
} from '../../gateway/catalog/export/index.ts';
import type { DiscoveredDataProduct } from '../../schema/index.ts';
import { getJson } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTestDomains, startMesh, type DomainName, type TestMesh } from '../support/mesh.ts';

const STANDARDS = new URL('../../schema/standards/', import.meta.url);
const readSchema = (file: string): object => JSON.parse(readFileSync(new URL(file, STANDARDS), 'utf8')) as object;

// Both schemas declare draft 2019-09; strict mode stays on, so a schema keyword ajv ignored would fail here.
const ajv = new Ajv2019({ allErrors: true });
ajvFormats.default(ajv);
const validators: Record<ExportFormat, ValidateFunction> = {
  odps: ajv.compile(readSchema('odps-json-schema-v1.0.0.json')),
  odcs: ajv.compile(readSchema('odcs-json-schema-v3.1.0.json')),
};

/** The schema violations of a document, as readable lines (empty when valid). */
function violations(format: ExportFormat, document: unknown): string[] {
  const validate = validators[format];
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Every data product of the demo domains, by domain; the mesh serves exactly these. */
const domains = createTestDomains();
const PRODUCTS = (Object.keys(domains) as DomainName[]).flatMap((domain) => domains[domain].dataProducts.map((p) => [domain, p.name] as const));

describe('catalog export: every data product of the demo mesh as an ODPS document and an ODCS data contract', () => {
  const leftovers = useLeftovers('file');
  let mesh: TestMesh;
  const discovered = new Map<string, DiscoveredDataProduct>();
  beforeAll(async () => {
    mesh = leftovers.track(await startMesh({ domains }));
    for (const name of Object.keys(domains) as DomainName[]) {
      const { status, body } = await getJson<{ dataProducts: DiscoveredDataProduct[] }>(mesh.subgraphs[name].url.replace(/\/graphql$/, '/data-products'));
      expect(status).toBe(200);
      for (const product of body.dataProducts) discovered.set(`${name}/${product.name}`, product);
    }
  });
  const product = (domain: DomainName, name: string): DiscoveredDataProduct => {
    const found = discovered.get(`${domain}/${name}`);
    if (!found) throw new Error(`The discovery port of "${domain}" does not list data product "${name}".`);
    return found;
  };

  it('the discovery ports list exactly the data products the domains define, seven in all', () => {
    expect([...discovered.keys()].sort()).toEqual(PRODUCTS.map(([d, n]) => `${d}/${n}`).sort());
    expect(PRODUCTS).toHaveLength(7);
  });

  it.each(PRODUCTS)('%s/%s exports to ODPS and ODCS YAML that parse back and validate against the standards', (domain, name) => {
    const descriptor = product(domain, name);
    for (const format of EXPORT_FORMATS) {
      const { contentType, body } = exportDescriptor(descriptor, format, { figures: descriptor.figures });
      expect(contentType).toBe(`application/vnd.${format}+yaml`);
      const document = parse(body) as unknown;
      expect(violations(format, document), `${format} of ${descriptor.urn}`).toEqual([]);
      // The YAML says exactly what the mapping built: nothing lost or aliased on the way.
      const built = format === 'odps' ? toOdps(descriptor, { figures: descriptor.figures }) : toOdcs(descriptor);
      expect(document).toEqual(JSON.parse(JSON.stringify(built)));
    }
  });

  it('the validator is real: a document without status, or with a field the standard does not have, is rejected', () => {
    const descriptor = product('podcasts', 'episode-plays');
    const { status: _odps, ...odpsWithoutStatus } = toOdps(descriptor);
    expect(violations('odps', odpsWithoutStatus).join('\n')).toContain("must have required property 'status'");
    const { status: _odcs, ...odcsWithoutStatus } = toOdcs(descriptor);
    expect(violations('odcs', odcsWithoutStatus).join('\n')).toContain("must have required property 'status'");

    expect(violations('odps', { ...toOdps(descriptor), owner: descriptor.owner }).join('\n')).toContain('must NOT have additional properties');
    const contract = toOdcs(descriptor);
    const play = contract.schema.find((o) => o.name === 'Play')!;
    const badType = { ...contract, schema: [{ ...play, properties: [{ name: 'occurredAt', logicalType: 'datetime' }] }] };
    expect(violations('odcs', badType).join('\n')).toContain('must be equal to one of the allowed values');
    const inputPortWithoutContract = { ...toOdps(descriptor), inputPorts: [{ name: 'player', version: '1.0.0' }] };
    expect(violations('odps', inputPortWithoutContract).join('\n')).toContain("must have required property 'contractId'");
  });

  describe('ODPS: the data product', () => {
    it('is identified by its URN, with name, version, status, domain and the three-part description', () => {
      const descriptor = product('podcasts', 'episode-plays');
      const odps = toOdps(descriptor);
      expect(odps).toMatchObject({
        apiVersion: 'v1.0.0',
        kind: 'DataProduct',
        id: 'urn:meshgraph:podcasts:episode-plays:v1',
        name: 'episode-plays',
        version: '1.0.0',
        status: 'active',
        domain: 'podcasts',
        description: descriptor.description,
        tags: descriptor.tags,
      });
    });

    it('names the owner as the team member with role owner, and the team\'s mailbox for support', () => {
      const descriptor = product('listeners', 'listener-profiles');
      const odps = toOdps(descriptor);
      expect(odps.team.name).toBe(descriptor.team.name);
      expect(odps.team.members).toEqual([{ username: 'amara.okafor@meshgraph.example', name: 'Amara Okafor', role: 'owner' }]);
      expect(odps.team.customProperties).toContainEqual(expect.objectContaining({ property: 'email', value: descriptor.team.email }));
      expect(odps.support).toEqual([expect.objectContaining({ channel: descriptor.team.email, url: `mailto:${descriptor.team.email}`, tool: 'email' })]);
    });

    it('keeps what ODPS has no field for as custom properties: kind, SLOs, classification, retention, terms, figures', () => {
      const descriptor = product('artists', 'artist-royalties');
      // The series behind the catalog's chart stays out: the document is a snapshot.
      const eventsOverTime = [{ at: '2026-01-02T03:04:00.000Z', eventsIn: 3, eventsOut: 3 }];
      const odps = toOdps(descriptor, { figures: { recordCount: 42, lastEventAt: '2026-01-02T03:04:05.000Z', eventsOverTime } });
      const custom = Object.fromEntries(odps.customProperties.map((p) => [p.property, p.value]));
      expect(custom).toEqual({
        kind: 'AGGREGATE',
        serviceLevelObjectives: { freshness: 'PT5M', availability: 0.995, completeness: 0.99, validity: 0.99, intervalOfChange: 'PT1S' },
        classification: { default: 'internal', fields: { 'Royalties.amount': 'confidential', 'Artist.royalties': 'confidential', 'Podcast.royalties': 'confidential' } },
        retention: 'P7Y',
        figures: { recordCount: 42, lastEventAt: '2026-01-02T03:04:05.000Z' },
      });
      expect(odps.description.customProperties).toEqual([{ property: 'terms', value: descriptor.terms }]);
      expect(toOdps(descriptor).customProperties.map((p) => p.property)).not.toContain('figures');
    });

    it('artist-royalties reads episode-plays through an input port that names episode-plays\' data contract', () => {
      const odps = toOdps(product('artists', 'artist-royalties'));
      expect(odps.inputPorts).toEqual([
        {
          name: 'plays',
          version: '1.0.0',
          contractId: 'urn:meshgraph:podcasts:episode-plays:v1:contract',
          customProperties: [
            { property: 'kind', value: 'dataProduct' },
            { property: 'dataProduct', value: 'urn:meshgraph:podcasts:episode-plays:v1' },
            { property: 'description', value: 'Consumed from the topic podcasts.episode-plays.v1; each play is checked against the quality rules of episode-plays\' contract before it counts.' },
          ],
        },
        expect.objectContaining({ name: 'episodes', contractId: 'urn:meshgraph:podcasts:podcast-catalog:v1:contract' }),
      ]);
      expect(toOdps(product('podcasts', 'episode-plays')).inputPorts[0]).toMatchObject({ name: 'player', contractId: 'source:player apps (playback telemetry)' });
    });

    it('every output port names the product\'s contract; GraphQL ports their field and endpoint, the topic port its topic', () => {
      const descriptor = product('podcasts', 'episode-plays');
      const odps = toOdps(descriptor, { graphqlUrl: 'https://mesh.example/graphql', kafkaBrokers: ['kafka-1:9092', 'kafka-2:9092'] });
      const ports = Object.fromEntries(odps.outputPorts.map((p) => [p.name, p]));
      for (const port of odps.outputPorts) expect(port).toMatchObject({ version: '1.0.0', contractId: dataContractId(descriptor.urn) });
      const custom = (name: string) => Object.fromEntries(ports[name]!.customProperties.map((p) => [p.property, p.value]));
      expect(ports['plays']!.type).toBe('graphql-query');
      expect(custom('plays')).toEqual({ graphqlField: 'Query.plays', endpoint: 'https://mesh.example/graphql' });
      expect(ports['episode-played']!.type).toBe('graphql-subscription');
      expect(custom('episode-played')).toEqual({ graphqlField: 'Subscription.episodePlayed', endpoint: 'wss://mesh.example/graphql' });
      expect(ports['play-events']).toMatchObject({ type: 'topic', description: 'Every play as it happens, keyed by listener id.' });
      expect(custom('play-events')).toEqual({ topic: 'podcasts.episode-plays.v1', kafkaBrokers: ['kafka-1:9092', 'kafka-2:9092'] });
    });
  });

  describe('ODCS: the data contract', () => {
    const contractOf = (domain: DomainName, name: string, options?: Parameters<typeof toOdcs>[1]): OdcsDocument => toOdcs(product(domain, name), options);
    const propertiesOf = (contract: OdcsDocument, type: string): Record<string, OdcsProperty> => {
      const object = contract.schema.find((o) => o.name === type);
      if (!object) throw new Error(`The contract has no schema object "${type}"; it has ${contract.schema.map((o) => o.name).join(', ')}.`);
      return Object.fromEntries((object.properties ?? []).map((p) => [p.name ?? '', p]));
    };

    it('has its own id, derived from the data product\'s URN, and names the product', () => {
      const contract = contractOf('listeners', 'listener-profiles');
      expect(contract).toMatchObject({
        apiVersion: 'v3.1.0',
        kind: 'DataContract',
        id: 'urn:meshgraph:listeners:listener-profiles:v1:contract',
        name: 'listener-profiles',
        version: '1.0.0',
        status: 'active',
        domain: 'listeners',
        dataProduct: 'listener-profiles',
      });
      expect(contract.customProperties).toContainEqual(expect.objectContaining({ property: 'dataProductId', value: 'urn:meshgraph:listeners:listener-profiles:v1' }));
      expect(contract.team.members).toEqual([{ username: 'amara.okafor@meshgraph.example', name: 'Amara Okafor', role: 'owner' }]);
    });

    it('listener-profiles classifies email and birth year as pii, display name as confidential, the rest by the default', () => {
      const listener = propertiesOf(contractOf('listeners', 'listener-profiles'), 'Listener');
      expect(listener['email']).toMatchObject({ logicalType: 'string', physicalType: 'String', required: false, classification: 'pii' });
      expect(listener['birthYear']).toMatchObject({ logicalType: 'integer', classification: 'pii' });
      expect(listener['displayName']!.classification).toBe('confidential');
      expect(listener['country']!.classification).toBe('internal');
      expect(Object.values(listener).filter((p) => p.classification === 'pii').map((p) => p.name).sort()).toEqual(['birthYear', 'email']);
    });

    it('maps GraphQL types to logical types: scalars, DateTime to timestamp, lists to arrays of items, described types to objects', () => {
      const contract = contractOf('podcasts', 'episode-plays');
      const play = propertiesOf(contract, 'Play');
      expect(play['id']).toMatchObject({ logicalType: 'string', physicalType: 'ID!', required: true });
      expect(play['secondsPlayed']).toMatchObject({ logicalType: 'integer', logicalTypeOptions: { format: 'i32' } });
      expect(play['completed']).toMatchObject({ logicalType: 'boolean', description: 'True when the listener played at least 90% of the episode.' });
      expect(play['occurredAt']).toMatchObject({ logicalType: 'timestamp', logicalTypeOptions: { timezone: true } });
      expect(play['listener']).toMatchObject({ logicalType: 'object', physicalType: 'Listener', required: false, classification: 'confidential' });
      expect(play['device']).toMatchObject({ logicalType: 'string', physicalType: 'Device!' });
      expect(propertiesOf(contract, 'PlayConnection')['edges']).toEqual({
        name: 'edges',
        logicalType: 'array',
        physicalType: '[PlayEdge!]!',
        required: true,
        items: { logicalType: 'object', physicalType: 'PlayEdge!', required: true },
        classification: 'internal',
      });
      const royalties = propertiesOf(contractOf('artists', 'artist-royalties'), 'Royalties');
      expect(royalties['amount']).toMatchObject({ logicalType: 'number', logicalTypeOptions: { format: 'f64' }, classification: 'confidential' });
      expect(contract.schema.filter((o) => o.physicalType === 'graphql-type').map((o) => o.name)).toEqual(product('podcasts', 'episode-plays').schema.map((t) => t.name));
    });

    it('shows the output topic as a topic object and a server: custom on the embedded log, kafka when brokers are given', () => {
      const embedded = contractOf('podcasts', 'episode-plays');
      expect(embedded.schema).toContainEqual(expect.objectContaining({ name: 'play-events', physicalType: 'topic', physicalName: 'podcasts.episode-plays.v1' }));
      expect(embedded.servers).toContainEqual(expect.objectContaining({ server: 'play-events', type: 'custom', stream: 'podcasts.episode-plays.v1', format: 'json' }));
      const kafka = contractOf('podcasts', 'episode-plays', { kafkaBrokers: ['kafka-1:9092', 'kafka-2:9092'] });
      expect(kafka.servers).toContainEqual(
        expect.objectContaining({ server: 'play-events', type: 'kafka', host: 'kafka-1:9092,kafka-2:9092', customProperties: [{ property: 'topic', value: 'podcasts.episode-plays.v1' }] }),
      );
      expect(violations('odcs', JSON.parse(JSON.stringify(kafka)))).toEqual([]);
    });

    it('serves GraphQL ports from api servers: queries over HTTP, subscriptions over WebSocket', () => {
      const contract = contractOf('podcasts', 'episode-plays', { graphqlUrl: 'http://127.0.0.1:4000/graphql' });
      expect(contract.servers).toContainEqual(expect.objectContaining({ server: 'plays', type: 'api', location: 'http://127.0.0.1:4000/graphql' }));
      expect(contract.servers).toContainEqual(expect.objectContaining({ server: 'episode-played', type: 'api', location: 'ws://127.0.0.1:4000/graphql' }));
      expect(() => contractOf('podcasts', 'episode-plays', { graphqlUrl: 'localhost:4000' })).toThrow(/graphqlUrl must be an absolute http\(s\) URL/);
    });

    it('turns SLOs and retention into SLA properties with units', () => {
      const sla = Object.fromEntries(contractOf('podcasts', 'episode-plays').slaProperties.map((p) => [p.property, [p.value, p.unit]]));
      expect(sla).toEqual({
        latency: [1, 'minutes'],
        availability: [99.9, '%'],
        completeness: [99, '%'],
        frequency: [1, 'seconds'],
        retention: [2, 'years'],
      });
    });
  });

  describe('exportDescriptor and the format a request asks for', () => {
    it('writes YAML with the media type of the format', () => {
      const descriptor = product('insights', 'top-charts');
      const odps = exportDescriptor(descriptor, 'odps');
      expect(odps.contentType).toBe('application/vnd.odps+yaml');
      expect(odps.body).toMatch(/^apiVersion: v1\.0\.0\nkind: DataProduct\nid: urn:meshgraph:insights:top-charts:v1\n/);
      expect((parse(odps.body) as OdpsDocument).outputPorts.map((p) => p.name)).toEqual(['top-charts', 'chart-changed', 'chart-changes']);
      const odcs = exportDescriptor(descriptor, 'odcs');
      expect(odcs.contentType).toBe('application/vnd.odcs+yaml');
      expect(odcs.body).toContain('physicalName: insights.top-charts.v1');
    });

    it.each([
      [{ format: 'odps' }, 'odps'],
      [{ format: 'ODCS ' }, 'odcs'],
      [{ format: 'odcs', accept: 'application/vnd.odps+yaml' }, 'odcs'],
      [{ accept: 'application/vnd.odcs+yaml' }, 'odcs'],
      [{ accept: 'application/yaml; profile=odcs' }, 'odcs'],
      [{ accept: 'application/yaml;profile="odps"' }, 'odps'],
      [{ accept: 'application/yaml' }, 'odps'],
      [{ accept: 'application/json;q=1, application/vnd.odps+yaml;q=0.5, application/vnd.odcs+yaml;q=0.9' }, 'odcs'],
      [{ accept: 'application/vnd.odcs+yaml;q=0, application/yaml' }, 'odps'],
      [{ accept: 'application/vnd.other+yaml, application/vnd.odcs+yaml;q=0.1' }, 'odcs'],
      [{ accept: 'application/json' }, null],
      [{ accept: '*/*' }, null],
      [{ accept: 'application/vnd.other+yaml, */*;q=0.1' }, null],
      [{}, null],
    ] as const)('%j asks for %s', (request, expected) => {
      expect(parseExportFormat(request)).toBe(expected);
    });

    it('refuses an unknown format, naming the formats it has', () => {
      const refusal = (request: { format?: string; accept?: string }): ExportFormatError => {
        try {
          parseExportFormat(request);
        } catch (error) {
          if (error instanceof ExportFormatError) return error;
          throw error;
        }
        throw new Error(`${JSON.stringify(request)} was accepted`);
      };
      const query = refusal({ format: 'dcat' });
      expect(query).toMatchObject({ status: 400, code: 'UNKNOWN_EXPORT_FORMAT' });
      expect(query.message).toBe(
        'Unknown export format "dcat". Use ?format=odps (Open Data Product Standard 1.0) or ?format=odcs (Open Data Contract Standard 3.1), ' +
          'or the Accept header application/vnd.odps+yaml, application/vnd.odcs+yaml, or application/yaml; profile=odps|odcs.',
      );
      expect(refusal({ format: '', accept: 'application/vnd.odcs+yaml' }).status).toBe(400);
      const header = refusal({ accept: 'application/yaml; profile=dcat' });
      expect(header.status).toBe(406);
      expect(header.message).toMatch(/^Unknown export format "dcat" in the Accept header\. Use \?format=odps .* or \?format=odcs /);
      expect(refusal({ accept: 'application/vnd.datacontract+yaml' }).message).toContain('"datacontract"');
    });
  });
});
