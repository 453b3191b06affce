import { describe, expect, it } from 'vitest';
import { createResumableOperation, CURSOR_ALIAS } from '../../../gateway/subscriptions/createResumableOperation.ts';

const OPERATION = 'subscription Plays($after: String, $country: String) { episodePlayed(after: $after, country: $country) { play { id } } }';

describe('an upstream operation that resumes after a cursor', () => {
  it("selects each event's cursor under the gateway's alias, and reads it from the event", () => {
    const operation = createResumableOperation(OPERATION, true);
    expect(operation.text).toContain(`${CURSOR_ALIAS}: cursor`);
    expect(operation.cursorOf({ episodePlayed: { [CURSOR_ALIAS]: 'c7', play: { id: 'p' } } })).toBe('c7');
    expect(operation.cursorOf(null)).toBeUndefined();
  });

  it('resumes right after a cursor, dropping the variable `after` no longer uses', () => {
    const resumed = createResumableOperation(OPERATION, true).resumeAfter('c7');
    expect(resumed).toContain('episodePlayed(country: $country, after: "c7")');
    expect(resumed).not.toContain('$after');
  });

  it('tells whether the variables start it at a cursor', () => {
    const operation = createResumableOperation(OPERATION, true);
    expect(operation.startsAfter({ after: 'c1' })).toBe(true);
    expect(operation.startsAfter({ country: 'GB' })).toBe(false);
  });

  it('a field that takes no cursor resumes live, as first sent', () => {
    const operation = createResumableOperation(OPERATION, false);
    expect(operation.text).not.toContain(CURSOR_ALIAS);
    expect(operation.resumeAfter('c7')).toBe(operation.text);
  });
});
