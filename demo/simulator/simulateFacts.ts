import type { ListenerRecord } from '../../subgraphs/listeners/index.ts';
import type { PlayRecord } from '../../subgraphs/podcasts/index.ts';
import type { Random } from '../data/index.ts';

/**
 * A new play now: a historical play drawn at random is the template (so
 * popular episodes stay popular), re-stamped with a new id, the current time
 * and a fresh listening duration.
 */
export function simulatePlay(random: Random, templates: readonly PlayRecord[], durationOf: (episodeId: string) => number, number: number): PlayRecord {
  const template = random.pick(templates);
  const duration = Math.max(1, durationOf(template.episodeId));
  const secondsPlayed = random.chance(0.22) ? random.int(1, Math.min(29, duration)) : random.int(Math.min(30, duration), duration);
  const now = Date.now();
  return {
    ...template,
    id: `play-${number}`,
    secondsPlayed,
    occurredAt: new Date(now).toISOString(),
    recordedAt: new Date(now + random.int(5, 400)).toISOString(),
  };
}

/** A new sign-up now, shaped like a historical listener drawn at random, with a new id and e-mail. */
export function simulateRegistration(random: Random, templates: readonly ListenerRecord[], number: number): ListenerRecord {
  const template = random.pick(templates);
  const now = Date.now();
  const [local = 'listener', domain = 'example.com'] = template.email.split('@');
  return {
    ...template,
    id: `l-${number}`,
    email: `${local.replace(/\d+$/, '')}${number}@${domain}`,
    occurredAt: new Date(now).toISOString(),
    recordedAt: new Date(now + random.int(5, 400)).toISOString(),
  };
}
