import type { DeclaredTopic } from '../../eventlog/index.ts';

/** episode-plays' output port: every play, keyed by listener id. Owned by podcasts. */
export const PLAYS_TOPIC: DeclaredTopic = { name: 'podcasts.episode-plays.v1', partitions: 3, compacted: false, owner: 'podcasts' };

/** podcast-catalog's output port: every released episode with its show, host and duration, keyed by episode id; a current-state topic. Owned by podcasts. */
export const CATALOG_TOPIC: DeclaredTopic = { name: 'podcasts.podcast-catalog.v1', partitions: 3, compacted: true, owner: 'podcasts' };

/** listener-profiles' output port: registrations, keyed by listener id; a current-state topic. Owned by listeners. */
export const REGISTRATIONS_TOPIC: DeclaredTopic = { name: 'listeners.listener-profiles.v1', partitions: 3, compacted: true, owner: 'listeners' };

/** artist-royalties' output port: each artist's totals after every change, keyed by artist id; a current-state topic. Owned by artists. */
export const ROYALTIES_TOPIC: DeclaredTopic = { name: 'artists.artist-royalties.v1', partitions: 3, compacted: true, owner: 'artists' };

/** top-charts' output port: the new top of a chart whenever it changes, keyed by scope; a current-state topic. Owned by insights. */
export const CHART_CHANGES_TOPIC: DeclaredTopic = { name: 'insights.top-charts.v1', partitions: 1, compacted: true, owner: 'insights' };
