import type { QualityRule } from '../descriptor/index.ts';
import type { EpisodeReleasedEvent } from './episodeReleasedEvent.ts';
import type { PlayEvent } from './playEvent.ts';
import { PLAY_QUALITY_RULES } from './playQualityRules.ts';

/** What the checks read of a play. */
type CheckedPlay = Pick<PlayEvent, 'episodeId' | 'podcastId' | 'hostArtistId' | 'secondsPlayed'>;

/** A rule of episode-plays' contract with its check: why a play breaks it, or undefined. */
export interface PlayRuleCheck<P extends CheckedPlay> {
  rule: QualityRule;
  test(play: P): string | undefined;
  /** For the quarantine rule: the episode the play waits for. */
  awaits?(play: P): string;
}

/**
 * The checks of `PLAY_QUALITY_RULES` that read podcast-catalog, in the order a
 * consumer runs them: the episode is known (else the play waits in
 * quarantine), its show and host are the play's, and the seconds played fit
 * the episode. (Completeness and form are the decoder's; uniqueness is the
 * consumer's, which remembers ids.)
 */
export function playRuleChecks<P extends CheckedPlay>(episodes: ReadonlyMap<string, EpisodeReleasedEvent>): PlayRuleCheck<P>[] {
  return [
    {
      rule: PLAY_QUALITY_RULES.episodeKnown,
      test: (play) => (episodes.has(play.episodeId) ? undefined : `episode "${play.episodeId}" is not in podcast-catalog`),
      awaits: (play) => play.episodeId,
    },
    {
      rule: PLAY_QUALITY_RULES.episodeMatches,
      test: (play) => {
        const episode = episodes.get(play.episodeId)!;
        return episode.podcastId === play.podcastId && episode.hostArtistId === play.hostArtistId
          ? undefined
          : `episode "${play.episodeId}" is of podcast "${episode.podcastId}" hosted by "${episode.hostArtistId}", but the play says "${play.podcastId}" hosted by "${play.hostArtistId}"`;
      },
    },
    {
      rule: PLAY_QUALITY_RULES.secondsInRange,
      test: (play) => {
        const { durationSeconds } = episodes.get(play.episodeId)!;
        return play.secondsPlayed >= 0 && play.secondsPlayed <= durationSeconds
          ? undefined
          : `secondsPlayed must be from 0 to the episode's ${durationSeconds} seconds, but is ${play.secondsPlayed}`;
      },
    },
  ];
}
