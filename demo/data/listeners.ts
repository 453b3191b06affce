/**
 * Listeners: the people who registered on the platform and play episodes.
 */
import type { ListenerRecord } from '../../subgraphs/listeners/index.ts';
import { COUNTRIES, pickCountryIndex, type CountryProfile } from './countries.ts';
import { pickDevice, type Device } from './devices.ts';
import { asciiSlug, pickPersonName, type PersonName } from './names.ts';
import { createRandom, type Random } from './random.ts';
import { resolveOptions, type DemoDataOptions } from './sizes.ts';
import { HORIZON_MS, pastInstant, recordingDelayMs, toIso, utcMs } from './time.ts';

const REGISTERED_SINCE_MS = utcMs(2016, 1, 1);
const OLDEST_BIRTH_YEAR = 1950;
const YOUNGEST_BIRTH_YEAR = 2010;
// Listeners must be old enough to hold an account when they register.
const MINIMUM_AGE = 13;
const EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.org', 'example.net'];

type EmailStyle = 'dotted' | 'joined' | 'initial';

interface ListenerDraft {
  person: PersonName;
  country: CountryProfile;
  city: string;
  birthYear: number;
  preferredDevice: Device;
  plan: 'FREE' | 'PREMIUM';
  emailStyle: EmailStyle;
  emailDomain: string;
  registeredMs: number;
  delayMs: number;
}

function pickBirthYear(random: Random, registeredMs: number): number {
  const latest = Math.min(YOUNGEST_BIRTH_YEAR, new Date(registeredMs).getUTCFullYear() - MINIMUM_AGE);
  // Centred on listeners in their late twenties and thirties.
  const year = Math.round(random.normal(1992, 11));
  return Math.min(latest, Math.max(OLDEST_BIRTH_YEAR, year));
}

function draftListener(random: Random): ListenerDraft {
  const country = COUNTRIES[pickCountryIndex(random)] as CountryProfile;
  const registeredMs = pastInstant(random, REGISTERED_SINCE_MS, HORIZON_MS, 2);
  const styleRoll = random.next();
  return {
    person: pickPersonName(random, country.names),
    country,
    city: random.pick(country.cities),
    birthYear: pickBirthYear(random, registeredMs),
    preferredDevice: pickDevice(random),
    plan: random.chance(0.3) ? 'PREMIUM' : 'FREE',
    emailStyle: styleRoll < 0.6 ? 'dotted' : styleRoll < 0.85 ? 'joined' : 'initial',
    emailDomain: random.pick(EMAIL_DOMAINS),
    registeredMs,
    delayMs: recordingDelayMs(random),
  };
}

// The listener number makes every address unique, whatever the names.
function email(draft: ListenerDraft, listenerNumber: number): string {
  const first = asciiSlug(draft.person.first);
  const last = asciiSlug(draft.person.last);
  const local =
    draft.emailStyle === 'dotted' ? `${first}.${last}` : draft.emailStyle === 'joined' ? `${first}${last}` : `${first.charAt(0)}${last}`;
  return `${local}${listenerNumber}@${draft.emailDomain}`;
}

/**
 * Generates the listeners of the world (`l-1` … `l-N`), sorted by the instant
 * they registered. Deterministic for given options.
 */
export function generateListeners(options?: DemoDataOptions): ListenerRecord[] {
  const { seed, sizes } = resolveOptions(options);
  const random = createRandom(`${seed}:listeners`);
  const drafts: ListenerDraft[] = [];
  for (let i = 0; i < sizes.listeners; i++) drafts.push(draftListener(random));
  drafts.sort((left, right) => left.registeredMs - right.registeredMs);
  return drafts.map((draft, index) => ({
    id: `l-${index + 1}`,
    displayName: `${draft.person.first} ${draft.person.last}`,
    email: email(draft, index + 1),
    birthYear: draft.birthYear,
    country: draft.country.code,
    city: draft.city,
    preferredDevice: draft.preferredDevice,
    plan: draft.plan,
    occurredAt: toIso(draft.registeredMs),
    recordedAt: toIso(draft.registeredMs + draft.delayMs),
  }));
}
