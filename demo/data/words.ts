/**
 * Word lists from which names, titles and descriptions are built.
 */

/** Music genres of artists. */
export const GENRES: readonly string[] = [
  'Pop', 'Rock', 'Hip-Hop', 'R&B', 'Electronic', 'Jazz', 'Classical', 'Country', 'Indie', 'Metal',
  'Folk', 'Latin', 'Soul', 'Blues', 'Punk', 'Ambient', 'House', 'Techno', 'Funk', 'Reggae',
  'Lo-fi', 'Singer-Songwriter', 'Alternative', 'Dance', 'Gospel', 'Afrobeats', 'K-Pop', 'Reggaeton',
];

/** A podcast category and the words its shows are built from. */
export interface CategoryProfile {
  /** Display name of the category. */
  readonly name: string;
  /** Relative share of the podcasts. */
  readonly weight: number;
  /** Typical episode length in minutes. */
  readonly typicalMinutes: number;
  /** Typical days between episodes. */
  readonly cadenceDays: readonly number[];
  /** Nouns that suit a show title ("The Midnight Archive"). */
  readonly titleNouns: readonly string[];
  /** Subjects as written inside a sentence ("unsolved cases", "the Cold War"). */
  readonly topics: readonly string[];
}

/** The podcast categories, weighted by how many shows they have. */
export const CATEGORIES: readonly CategoryProfile[] = [
  { name: 'Comedy', weight: 12, typicalMinutes: 55, cadenceDays: [7, 7, 14], titleNouns: ['Hour', 'Couch', 'Club', 'Circus', 'Roast'], topics: ['bad dates', 'office life', 'family holidays', 'awkward silences', 'reality TV'] },
  { name: 'News', weight: 9, typicalMinutes: 18, cadenceDays: [1, 1, 2], titleNouns: ['Briefing', 'Dispatch', 'Daily', 'Desk', 'Headlines'], topics: ['elections', 'climate policy', 'global trade', 'housing costs', 'public health'] },
  { name: 'True Crime', weight: 10, typicalMinutes: 48, cadenceDays: [7, 7, 14], titleNouns: ['Archive', 'Alibi', 'Verdict', 'Evidence', 'Cold Case'], topics: ['unsolved cases', 'wrongful convictions', 'art heists', 'missing persons', 'forensic science'] },
  { name: 'Music', weight: 8, typicalMinutes: 40, cadenceDays: [7, 14, 30], titleNouns: ['Mixtape', 'B-Side', 'Session', 'Backstage', 'Encore'], topics: ['debut albums', 'touring life', 'songwriting', 'vinyl culture', 'music festivals'] },
  { name: 'Technology', weight: 9, typicalMinutes: 50, cadenceDays: [7, 7, 3.5], titleNouns: ['Stack', 'Signal', 'Byte', 'Lab', 'Protocol'], topics: ['open source', 'artificial intelligence', 'startups', 'privacy', 'remote work'] },
  { name: 'Business', weight: 8, typicalMinutes: 35, cadenceDays: [7, 3.5, 14], titleNouns: ['Ledger', 'Pitch', 'Boardroom', 'Market', 'Margin'], topics: ['small business', 'negotiation', 'venture capital', 'personal finance', 'leadership'] },
  { name: 'Sport', weight: 8, typicalMinutes: 45, cadenceDays: [3.5, 7, 7], titleNouns: ['Locker Room', 'Sideline', 'Scorecard', 'Halftime', 'Bench'], topics: ['transfer rumours', 'marathon training', 'underdog seasons', 'fantasy leagues', 'sports science'] },
  { name: 'History', weight: 7, typicalMinutes: 58, cadenceDays: [7, 14, 14], titleNouns: ['Chronicle', 'Atlas', 'Empire', 'Timeline', 'Relic'], topics: ['lost cities', 'ancient Rome', 'the Silk Road', 'forgotten inventors', 'the Cold War'] },
  { name: 'Science', weight: 7, typicalMinutes: 40, cadenceDays: [7, 14, 7], titleNouns: ['Lab', 'Orbit', 'Hypothesis', 'Field Notes', 'Quantum'], topics: ['deep sea life', 'black holes', 'sleep', 'gene editing', 'the microbiome'] },
  { name: 'Society & Culture', weight: 9, typicalMinutes: 45, cadenceDays: [7, 7, 14], titleNouns: ['Table', 'Room', 'Corner', 'Story', 'Neighbourhood'], topics: ['city life', 'friendship', 'immigration', 'internet culture', 'growing up'] },
  { name: 'Education', weight: 6, typicalMinutes: 25, cadenceDays: [7, 3.5, 7], titleNouns: ['Classroom', 'Notebook', 'Study Hall', 'Lesson', 'Campus'], topics: ['learning languages', 'study habits', 'critical thinking', 'public speaking', 'math anxiety'] },
  { name: 'Health', weight: 7, typicalMinutes: 32, cadenceDays: [7, 7, 14], titleNouns: ['Pulse', 'Clinic', 'Balance', 'Kitchen', 'Checkup'], topics: ['nutrition', 'mental health', 'running', 'burnout', 'healthy ageing'] },
];

/** Adjectives of show titles. */
export const TITLE_ADJECTIVES: readonly string[] = [
  'Midnight', 'Curious', 'Quiet', 'Hidden', 'Golden', 'Electric', 'Restless', 'Late', 'Honest', 'Wild',
  'Open', 'Little', 'Long', 'Brave', 'Slow', 'Modern', 'Secret', 'Bright', 'Lost', 'Unfiltered',
];

/** Nouns that suit any show title. */
export const TITLE_NOUNS: readonly string[] = [
  'Archive', 'Signal', 'Frontier', 'Table', 'Room', 'Compass', 'Map', 'Notebook', 'Corner', 'Garden',
  'Machine', 'Atlas', 'Radio', 'Circle', 'Shift', 'Lighthouse', 'Workshop', 'Window', 'Campfire', 'Tape',
];

/** Opening words of a show description ("A weekly conversation"). */
export const DESCRIPTION_OPENERS: readonly string[] = ['A weekly', 'A candid', 'A lively', 'A thoughtful', 'An irreverent', 'A fortnightly', 'An in-depth', 'A warm'];

/** Formats of a show ("conversation", "deep dive"). */
export const DESCRIPTION_FORMATS: readonly string[] = ['conversation', 'deep dive', 'show', 'roundtable', 'audio diary', 'investigation', 'field guide'];

/** Adjectives of band names ("The Velvet Lanterns"). */
export const BAND_ADJECTIVES: readonly string[] = [
  'Velvet', 'Neon', 'Silver', 'Paper', 'Crimson', 'Electric', 'Hollow', 'Wild', 'Golden', 'Midnight',
  'Static', 'Glass', 'Lunar', 'Northern', 'Young', 'Broken', 'Burning', 'Cosmic', 'Gentle', 'Radio',
  'Sleepy', 'Tropical', 'Violet', 'Wandering', 'Copper',
];

/** Plural nouns of band names. */
export const BAND_PLURALS: readonly string[] = [
  'Lanterns', 'Wolves', 'Echoes', 'Tides', 'Machines', 'Owls', 'Satellites', 'Harbors', 'Ghosts', 'Rivers',
  'Foxes', 'Kites', 'Comets', 'Pilots', 'Mirrors', 'Strangers', 'Sparrows', 'Giants', 'Daydreams', 'Parades',
];

/** Singular nouns of band names ("Neon Harbor"). */
export const BAND_NOUNS: readonly string[] = [
  'Harbor', 'Parade', 'Canyon', 'Avenue', 'Motel', 'Orchard', 'Engine', 'Season', 'Garden', 'Signal',
  'Mountain', 'Arcade', 'Tapes', 'Summer', 'Atlas', 'Hotel', 'Ocean', 'Society',
];

/** Plural subjects of episode headlines ("Why Cities Sleep Late"). */
export const HEADLINE_SUBJECTS: readonly string[] = [
  'Cities', 'Robots', 'Startups', 'Detectives', 'Rivers', 'Teenagers', 'Markets', 'Bees', 'Pianos', 'Astronauts',
  'Referees', 'Libraries', 'Volcanoes', 'Chefs', 'Satellites', 'Forests', 'Voters', 'Museums', 'Neighbours', 'Athletes',
];

/** Verb phrases of episode headlines. */
export const HEADLINE_VERBS: readonly string[] = [
  'Sleep Late', 'Break the Rules', 'Keep Secrets', 'Fail Fast', 'Fall Apart', 'Learn to Listen', 'Never Forget',
  'Go Quiet', 'Change Everything', 'Get It Wrong', 'Come Back', 'Run on Coffee', 'Hate Mondays', 'Tell the Truth',
];

/** Adjectives of episode headlines ("The Hidden Truth About Sleep"). */
export const HEADLINE_ADJECTIVES: readonly string[] = ['Hidden', 'Strange', 'Uncomfortable', 'Simple', 'Real', 'Surprising', 'Untold', 'Messy'];

/** Nouns of "Inside the …" episode headlines. */
export const HEADLINE_PLACES: readonly string[] = ['Archive', 'Control Room', 'Vault', 'Writers Room', 'Locker Room', 'Lab', 'Newsroom', 'Studio', 'Courtroom', 'Kitchen'];

const MINOR_WORDS = new Set(['a', 'an', 'and', 'the', 'of', 'in', 'on', 'to', 'for', 'at', 'by']);

/** A sentence phrase in Title Case ("the Cold War" → "The Cold War" at the start, "the Cold War" after it). */
export function titleCase(phrase: string, atStart = true): string {
  return phrase
    .split(' ')
    .map((word, index) => {
      if (MINOR_WORDS.has(word) && (index > 0 || !atStart)) return word;
      return word.charAt(0).toUpperCase() + word.slice(1);
    })
    .join(' ');
}
