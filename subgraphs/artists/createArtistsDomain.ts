import { decodeRoyaltiesChanged, ROYALTIES_TOPIC, type RoyaltiesChangedEvent } from '../../schema/events/index.ts';
import { readSchemaFile, topicSubscriptionField, type DomainDefinition, type ListArgs } from '../kit/index.ts';
import type { ArtistRecord } from './ArtistRecord.ts';
import { createArtistStore, type ArtistOrderField, type ArtistStore, type RoyaltyOrderField } from './artistStore.ts';
import { artistProfiles, artistRoyalties } from './dataProducts.ts';
import { feedArtistRoyalties } from './feedArtistRoyalties.ts';
import { toRoyalties } from './royaltyLedger.ts';

interface ArtistsArgs extends ListArgs<ArtistOrderField> {
  country?: string | null;
  genre?: string | null;
}

/** Options of the artists domain. */
export interface ArtistsDomainOptions {
  /** The artists artist-profiles serves. @default none */
  profiles?: readonly ArtistRecord[];
  /** How often artist-royalties saves a checkpoint while plays arrive. @default 2_000 */
  checkpointIntervalMs?: number;
}

/**
 * The artists domain: owns Artist, extends Podcast with royalties, serves
 * artist-profiles and artist-royalties (built from the plays input port).
 */
export function createArtistsDomain(options: ArtistsDomainOptions = {}): DomainDefinition & { store: ArtistStore } {
  const { profiles = [], checkpointIntervalMs = 2_000 } = options;
  const store = createArtistStore(profiles);
  return {
    name: 'artists',
    description: 'Artists and bands, and the royalties their shows earn.',
    team: { name: 'Artist Relations', email: 'artists-team@meshgraph.example' },
    schema: readSchemaFile(new URL('./schema.graphql', import.meta.url)),
    store,
    resolvers: {
      Query: {
        artists: (_: unknown, args: ArtistsArgs) =>
          store.artistList.page(args, (a) => (!args.country || a.country === args.country) && (!args.genre || a.genres.includes(args.genre))),
        artist: (_: unknown, { id }: { id: string }) => store.byId.get(id) ?? null,
        royaltyLeaderboard: (_: unknown, args: ListArgs<RoyaltyOrderField> & { country?: string | null }) =>
          store.leaderboard.page(args, (a) => !args.country || a.country === args.country),
      },
      Subscription: {
        royaltiesChanged: topicSubscriptionField<RoyaltiesChangedEvent, { artistId?: string | null; after?: string | null }>({
          topic: ROYALTIES_TOPIC.name,
          decode: decodeRoyaltiesChanged,
          filter: (change, args) => !args.artistId || change.artistId === args.artistId,
          payload: ({ artistId, ...totals }, cursor) => ({
            cursor,
            artist: store.byId.get(artistId) ?? { id: artistId },
            royalties: toRoyalties({ ...totals, recordedAt: null }),
          }),
        }),
      },
      Artist: { royalties: (artist: ArtistRecord) => toRoyalties(store.ledger.artist(artist.id)) },
      Podcast: { royalties: (podcast: { id: string }) => toRoyalties(store.ledger.podcast(podcast.id)) },
    },
    entities: {
      Artist: (keys) => {
        store.batchLoads++;
        return keys.map((key) => store.byId.get(String(key['id'])) ?? null);
      },
    },
    dataProducts: [artistProfiles(store), artistRoyalties(store)],
    start: (runtime) => feedArtistRoyalties(runtime, store, checkpointIntervalMs),
  };
}
