/**
 * The countries of the world: ISO 3166-1 alpha-2 codes with audience weights,
 * cities, languages, name pools and local music.
 */
import type { NameRegion } from './names.ts';
import type { Random } from './random.ts';
import { createWeightedSampler } from './sampler.ts';

/** What the generators know about a country. */
export interface CountryProfile {
  /** ISO 3166-1 alpha-2 code. */
  readonly code: string;
  /** Relative share of the audience. */
  readonly weight: number;
  /** A few large cities. */
  readonly cities: readonly string[];
  /** ISO 639-1 languages; the first is the main one for podcasts. */
  readonly languages: readonly string[];
  /** Pool of the person names of its people. */
  readonly names: NameRegion;
  /** Genres that are especially local (may be empty). */
  readonly localGenres: readonly string[];
}

/** The ~20 countries of the world, weighted by audience. */
export const COUNTRIES: readonly CountryProfile[] = [
  { code: 'US', weight: 20, cities: ['New York', 'Los Angeles', 'Chicago', 'Austin', 'Seattle'], languages: ['en', 'es'], names: 'en', localGenres: ['Country', 'Hip-Hop'] },
  { code: 'GB', weight: 8, cities: ['London', 'Manchester', 'Bristol', 'Glasgow'], languages: ['en'], names: 'en', localGenres: ['Grime', 'Britpop'] },
  { code: 'DE', weight: 7, cities: ['Berlin', 'Hamburg', 'Munich', 'Cologne'], languages: ['de', 'en'], names: 'de', localGenres: ['Techno'] },
  { code: 'BR', weight: 7, cities: ['São Paulo', 'Rio de Janeiro', 'Belo Horizonte', 'Recife'], languages: ['pt'], names: 'pt', localGenres: ['Bossa Nova', 'MPB', 'Sertanejo'] },
  { code: 'IN', weight: 8, cities: ['Mumbai', 'Delhi', 'Bengaluru', 'Chennai', 'Kolkata'], languages: ['hi', 'en'], names: 'hi', localGenres: ['Bollywood', 'Indian Classical'] },
  { code: 'FR', weight: 5, cities: ['Paris', 'Lyon', 'Marseille', 'Toulouse'], languages: ['fr', 'en'], names: 'fr', localGenres: ['Chanson', 'French House'] },
  { code: 'JP', weight: 5, cities: ['Tokyo', 'Osaka', 'Nagoya', 'Fukuoka'], languages: ['ja'], names: 'ja', localGenres: ['J-Pop', 'City Pop'] },
  { code: 'SE', weight: 2, cities: ['Stockholm', 'Gothenburg', 'Malmö'], languages: ['sv', 'en'], names: 'sv', localGenres: ['Pop'] },
  { code: 'ES', weight: 4, cities: ['Madrid', 'Barcelona', 'Valencia', 'Seville'], languages: ['es'], names: 'es', localGenres: ['Flamenco', 'Reggaeton'] },
  { code: 'MX', weight: 5, cities: ['Mexico City', 'Guadalajara', 'Monterrey', 'Puebla'], languages: ['es'], names: 'es', localGenres: ['Regional Mexican', 'Latin'] },
  { code: 'CA', weight: 4, cities: ['Toronto', 'Vancouver', 'Montreal', 'Calgary'], languages: ['en', 'fr'], names: 'en', localGenres: ['Indie'] },
  { code: 'AU', weight: 3, cities: ['Sydney', 'Melbourne', 'Brisbane', 'Perth'], languages: ['en'], names: 'en', localGenres: ['Indie'] },
  { code: 'NL', weight: 2, cities: ['Amsterdam', 'Rotterdam', 'Utrecht'], languages: ['nl', 'en'], names: 'nl', localGenres: ['House'] },
  { code: 'IT', weight: 3, cities: ['Rome', 'Milan', 'Naples', 'Turin'], languages: ['it'], names: 'it', localGenres: ['Italo Disco'] },
  { code: 'KR', weight: 3, cities: ['Seoul', 'Busan', 'Incheon'], languages: ['ko'], names: 'ko', localGenres: ['K-Pop'] },
  { code: 'NG', weight: 3, cities: ['Lagos', 'Abuja', 'Ibadan'], languages: ['en'], names: 'ng', localGenres: ['Afrobeats'] },
  { code: 'PL', weight: 2, cities: ['Warsaw', 'Kraków', 'Wrocław', 'Gdańsk'], languages: ['pl'], names: 'pl', localGenres: [] },
  { code: 'AR', weight: 2, cities: ['Buenos Aires', 'Córdoba', 'Rosario'], languages: ['es'], names: 'es', localGenres: ['Tango', 'Latin'] },
  { code: 'ZA', weight: 2, cities: ['Johannesburg', 'Cape Town', 'Durban'], languages: ['en'], names: 'za', localGenres: ['Amapiano'] },
  { code: 'IE', weight: 1, cities: ['Dublin', 'Cork', 'Galway'], languages: ['en'], names: 'en', localGenres: ['Folk'] },
];

/** The country codes, in the order of COUNTRIES. */
export const COUNTRY_CODES: readonly string[] = COUNTRIES.map((country) => country.code);

const COUNTRY_SAMPLER = createWeightedSampler(COUNTRIES.map((country) => country.weight));

/** The index in COUNTRIES of a country drawn by audience weight. */
export function pickCountryIndex(random: Random): number {
  return COUNTRY_SAMPLER.sample(random);
}

/** A country drawn by audience weight. */
export function pickCountry(random: Random): CountryProfile {
  return COUNTRIES[COUNTRY_SAMPLER.sample(random)] as CountryProfile;
}

/** The language of a podcast made in a country: mostly the main one, sometimes another. */
export function pickLanguage(random: Random, country: CountryProfile): string {
  const [main = 'en', ...others] = country.languages;
  if (others.length === 0 || random.chance(0.8)) return main;
  return random.pick(others);
}
