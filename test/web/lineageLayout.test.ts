import { describe, expect, it } from 'vitest';
import { nodeLines } from '../../web/lineage/describeLineage.ts';
import { layoutLineage } from '../../web/lineage/layoutLineage.ts';
import type { LineageEdge, LineageNode } from '../../web/lineage/lineageQueries.ts';
import { mergeLineages } from '../../web/lineage/mergeLineages.ts';

const product = (domain: string, name: string): LineageNode => ({ id: `urn:meshgraph:${domain}:${name}:v1`, kind: 'dataProduct', label: `${domain}/${name}`, dataProduct: { urn: `urn:meshgraph:${domain}:${name}:v1`, domain, name } });
const PLAYS = product('podcasts', 'episode-plays');
const CHARTS = product('insights', 'top-charts');
const PROFILES = product('listeners', 'listener-profiles');
const edge = (from: LineageNode, to: LineageNode, extra: Partial<LineageEdge> = {}): LineageEdge => ({
  from: from.id,
  to: to.id,
  via: 'dataProduct',
  topic: null,
  declared: true,
  observed: true,
  undeclared: false,
  lastSeenAt: null,
  agreement: null,
  purpose: null,
  withoutAgreement: false,
  ...extra,
});

describe('the lineage picture, laid out', () => {
  it('runs upstream to downstream from left to right, keeps two edges between the same products apart, and gives a flagged edge room for its label', () => {
    const byPort = edge(PLAYS, CHARTS);
    const byTopic = edge(PLAYS, CHARTS, { via: 'topic', topic: 'podcasts.episode-plays.v1' });
    const undeclared = edge(PLAYS, PROFILES, { via: 'graphql', declared: false, undeclared: true });
    const layout = layoutLineage({ nodes: [PLAYS, CHARTS, PROFILES], edges: [byPort, byTopic, undeclared] }, nodeLines);
    const at = new Map(layout.nodes.map((placed) => [placed.node.id, placed]));
    expect(at.get(PLAYS.id)!.x).toBeLessThan(at.get(CHARTS.id)!.x);
    expect(at.get(PLAYS.id)!.x).toBeLessThan(at.get(PROFILES.id)!.x);
    const [port, topic, flagged] = layout.edges;
    expect(port!.points.length).toBeGreaterThan(1);
    expect(topic!.points).not.toEqual(port!.points);
    expect(port!.label).toBeUndefined();
    expect(flagged!.label).toMatchObject({ text: 'undeclared use' });
    // Everything lies inside the picture.
    for (const { x, y, width, height } of layout.nodes) {
      expect(x - width / 2).toBeGreaterThanOrEqual(0);
      expect(x + width / 2).toBeLessThanOrEqual(layout.width);
      expect(y + height / 2).toBeLessThanOrEqual(layout.height);
    }
  });

  it("merges every product's lineage into one graph, each node and edge once, sorted as the catalog sorts", () => {
    const merged = mergeLineages([
      { nodes: [PLAYS, CHARTS], edges: [edge(PLAYS, CHARTS)] },
      { nodes: [PROFILES, PLAYS, CHARTS], edges: [edge(PLAYS, PROFILES, { via: 'graphql' }), edge(PLAYS, CHARTS)] },
    ]);
    expect(merged.nodes.map((node) => node.id)).toEqual([CHARTS.id, PROFILES.id, PLAYS.id]);
    expect(merged.edges.map((e) => [e.to, e.via])).toEqual([
      [CHARTS.id, 'dataProduct'],
      [PROFILES.id, 'graphql'],
    ]);
  });
});
