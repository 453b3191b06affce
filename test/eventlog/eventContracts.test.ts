import { describe, expect, it } from 'vitest';
import { EventRejected, parseListenerRegisteredEvent, parsePlayEvent, PLAY_EVENT_CONTRACT } from '../../schema/events/index.ts';

const play = {
  playId: 'play-1', listenerId: 'l-1', episodeId: 'e-1', podcastId: 'p-1', hostArtistId: 'a-1',
  secondsPlayed: 120, device: 'MOBILE', country: 'GB', occurredAt: '2026-10-31T10:00:00Z',
};

const rejection = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof EventRejected) return error.reason;
    throw error;
  }
  throw new Error('expected the event to be rejected');
};

describe('event contracts', () => {
  it('a valid play reads into a typed event, times normalized to UTC ISO-8601', () => {
    expect(parsePlayEvent(JSON.stringify({ ...play, occurredAt: '2026-10-31T12:00:00+02:00' }), '1')).toEqual({ ...play, occurredAt: '2026-10-31T10:00:00.000Z' });
  });

  it('rejects what is not JSON, not an object, the wrong shape or an unknown version, saying which', () => {
    expect(rejection(() => parsePlayEvent('{oops', '1'))).toMatch(/^value is not JSON: /);
    expect(rejection(() => parsePlayEvent('[1,2]', '1'))).toBe('value must be a JSON object, but is an array');
    expect(rejection(() => parsePlayEvent(JSON.stringify({ ...play, secondsPlayed: -5 }), '1'))).toBe(
      'field "secondsPlayed" must be a whole number from 0 to 86400, but is -5',
    );
    expect(rejection(() => parsePlayEvent(JSON.stringify({ ...play, device: 'FRIDGE' }), '1'))).toBe(
      'field "device" must be one of MOBILE, DESKTOP, SMART_SPEAKER, TV, CAR, WEB, but is "FRIDGE"',
    );
    const { listenerId: _missing, ...withoutListener } = play;
    expect(rejection(() => parsePlayEvent(JSON.stringify(withoutListener), '1'))).toBe('field "listenerId" must be a non-empty string, but is missing');
    expect(rejection(() => parsePlayEvent(JSON.stringify(play), '7'))).toBe('unknown schema version "7" of PlayEvent; this consumer understands 1');
    expect(rejection(() => parsePlayEvent(JSON.stringify(play), undefined))).toBe('unknown schema version null of PlayEvent; this consumer understands 1');
  });

  it('a registration is checked the same way', () => {
    const registration = {
      listenerId: 'l-9', displayName: 'Ada', email: 'ada@example.com', birthYear: 1990, country: 'GB', city: 'Leeds',
      preferredDevice: 'TV', plan: 'PREMIUM', occurredAt: '2026-10-31T10:00:00.000Z',
    };
    expect(parseListenerRegisteredEvent(JSON.stringify(registration), '1')).toEqual(registration);
    expect(rejection(() => parseListenerRegisteredEvent(JSON.stringify({ ...registration, plan: 'GOLD' }), '1'))).toBe(
      'field "plan" must be one of FREE, PREMIUM, but is "GOLD"',
    );
  });

  it('the play contract the producer states is the one its consumers parse: its version, every field required, each field\u2019s type', () => {
    expect(Object.keys(PLAY_EVENT_CONTRACT.fields).sort()).toEqual(Object.keys(play).sort());
    expect(() => parsePlayEvent(JSON.stringify(play), PLAY_EVENT_CONTRACT.version)).not.toThrow();
    const wrongOf: Record<string, unknown> = { string: 42, integer: 1.5, number: 'many', boolean: 'yes', dateTime: 'yesterday' };
    for (const [name, { type }] of Object.entries(PLAY_EVENT_CONTRACT.fields)) {
      const { [name]: _missing, ...without } = play as Record<string, unknown>;
      expect(rejection(() => parsePlayEvent(JSON.stringify(without), '1'))).toContain(`field "${name}"`);
      if (typeof type !== 'string') {
        for (const value of type.enum) expect(() => parsePlayEvent(JSON.stringify({ ...play, [name]: value }), '1')).not.toThrow();
        expect(rejection(() => parsePlayEvent(JSON.stringify({ ...play, [name]: 'NOT_A_VALUE' }), '1'))).toContain(`field "${name}"`);
      } else expect(rejection(() => parsePlayEvent(JSON.stringify({ ...play, [name]: wrongOf[type] }), '1'))).toContain(`field "${name}"`);
    }
  });
});
