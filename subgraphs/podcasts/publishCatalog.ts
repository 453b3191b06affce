import { CATALOG_TOPIC, EPISODE_RELEASED_VERSIONS, type EpisodeReleasedEvent } from '../../schema/events/index.ts';
import { toEventRecord, type DomainRuntime } from '../kit/index.ts';
import type { PodcastStore } from './podcastStore.ts';

/** Records appended at once, so memory stays bounded. */
const CHUNK = 10_000;

/**
 * Publishes podcast-catalog's episodes on its topic (`podcasts.podcast-catalog.v1`,
 * keyed by episode id), for other domains to check plays against: every
 * episode of the catalog the topic does not have yet, so a restart publishes
 * nothing twice and a grown catalog publishes its new episodes. A topic with
 * at least as many records as the catalog has episodes is not read at all.
 */
export async function publishCatalog(runtime: Pick<DomainRuntime, 'log' | 'logger'>, store: PodcastStore): Promise<void> {
  const { log, logger } = runtime;
  await log.createTopic(CATALOG_TOPIC);
  const published = new Set<string>();
  const records = (await log.endOffsets(CATALOG_TOPIC.name)).reduce((sum, end) => sum + end, 0);
  // Offsets are never reused, so a topic with as many records as the catalog has episodes has them all (the catalog only grows).
  if (records >= store.episodes.length) return;
  if (records > 0) {
    const reader = await log.read({ topic: CATALOG_TOPIC.name, from: { kind: 'earliest' }, onBatch: (records) => void records.forEach((record) => record.key !== null && published.add(record.key)) });
    await reader.caughtUp;
    await reader.close();
  }
  const fresh = store.episodes.filter((episode) => !published.has(episode.id));
  for (let i = 0; i < fresh.length; i += CHUNK) {
    await log.append(
      CATALOG_TOPIC.name,
      fresh.slice(i, i + CHUNK).flatMap((episode) => {
        const podcast = store.podcastById.get(episode.podcastId);
        // An episode of a show the catalog lacks has no host to pay: it is not published, so its plays stay in quarantine.
        if (!podcast) return [];
        const value: EpisodeReleasedEvent = {
          episodeId: episode.id,
          podcastId: episode.podcastId,
          hostArtistId: podcast.hostArtistId,
          durationSeconds: episode.durationSeconds,
          occurredAt: episode.occurredAt,
        };
        return [toEventRecord({ key: episode.id, value, occurredAt: episode.occurredAt, recordedAt: episode.recordedAt, producer: 'podcasts', schemaVersion: EPISODE_RELEASED_VERSIONS.at(-1)! })];
      }),
    );
  }
  if (fresh.length > 0) logger.info('published the episodes of the catalog', { topic: CATALOG_TOPIC.name, episodes: fresh.length });
}
