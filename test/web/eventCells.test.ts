import { describe, expect, it } from 'vitest';
import { restrictionError } from '../../governance/enforcement/maskResult.ts';
import { eventCell } from '../../web/live/eventCells.ts';

const FIELD = 'episodePlayed';
const column = (...path: string[]) => ({ path, label: path.join('.') });
/** The error governance puts on Play.country for a caller without an agreement, as it reaches the page. */
const countryMasked = () => {
  const error = restrictionError('Play.country', {
    rule: 'confidential-needs-agreement',
    decision: 'masked',
    pseudonymise: false,
    product: 'urn:meshgraph:podcasts:episode-plays:v1',
    level: 'confidential',
    remedy: 'request access with requestAccess(urn: "urn:meshgraph:podcasts:episode-plays:v1", purpose: …, justification: …)',
  }).toJSON();
  return { ...error, path: [FIELD, 'play', 'country'] };
};

describe('what an event shows in each column of the live preview', () => {
  it('a value as it came; a list as its items', () => {
    const event = { data: { [FIELD]: { cursor: 'c1', play: { id: 'p1', secondsPlayed: 60, tags: ['a', 'b'] } } } };
    expect(eventCell(event, FIELD, column('play', 'secondsPlayed'))).toEqual({ kind: 'value', text: '60' });
    expect(eventCell(event, FIELD, column('play', 'tags'))).toEqual({ kind: 'value', text: 'a, b' });
    expect(eventCell(event, FIELD, column('cursor'))).toEqual({ kind: 'value', text: 'c1' });
    expect(eventCell({ data: { [FIELD]: { play: { tags: [] } } } }, FIELD, column('play', 'tags'))).toEqual({ kind: 'value', text: '' });
  });

  it("a field governance masks: masked, with the rule, the classification, the product, and the gateway's words on how to read it", () => {
    const event = { data: { [FIELD]: { play: { id: 'p1', country: null } } }, errors: [countryMasked()] };
    expect(eventCell(event, FIELD, column('play', 'country'))).toEqual({
      kind: 'masked',
      masking: {
        rule: 'confidential-needs-agreement',
        decision: 'masked',
        classification: 'confidential',
        urn: 'urn:meshgraph:podcasts:episode-plays:v1',
        remedy: 'request access with requestAccess(urn: "urn:meshgraph:podcasts:episode-plays:v1", purpose: …, justification: …)',
      },
    });
    expect(eventCell(event, FIELD, column('play', 'id'))).toEqual({ kind: 'value', text: 'p1' });
  });

  it('a masked object masks every field below it; list indexes in the error path do not matter', () => {
    const error = { ...countryMasked(), path: [FIELD, 'play'] };
    const event = { data: { [FIELD]: { play: null } }, errors: [error] };
    expect(eventCell(event, FIELD, column('play', 'country'))).toMatchObject({ kind: 'masked' });
    const listed = { data: { [FIELD]: { plays: [{ country: null }] } }, errors: [{ ...countryMasked(), path: [FIELD, 'plays', 0, 'country'] }] };
    expect(eventCell(listed, FIELD, column('plays', 'country'))).toMatchObject({ kind: 'masked' });
  });

  it('null without an error is null; another error shows its message', () => {
    expect(eventCell({ data: { [FIELD]: { play: { country: null } } } }, FIELD, column('play', 'country'))).toEqual({ kind: 'empty' });
    const failed = { data: { [FIELD]: { play: { country: null } } }, errors: [{ message: 'The listeners domain did not answer.', path: [FIELD, 'play', 'country'] }] };
    expect(eventCell(failed, FIELD, column('play', 'country'))).toEqual({ kind: 'error', message: 'The listeners domain did not answer.' });
  });
});
