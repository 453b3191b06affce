import { describe, expect, it } from 'vitest';
import { createClientRegistry } from '../../../gateway/subscriptions/createClientRegistry.ts';

describe('the client registry and its limits', () => {
  it('refuses a connection its next subscription beyond the per-connection limit; others still open theirs', () => {
    const registry = createClientRegistry<string, string>({ maxPerConnection: 2, maxTotal: 10 });
    const first = {};
    const second = {};
    for (const client of ['a', 'b']) {
      expect(registry.refusal(first)).toBeUndefined();
      registry.add(client, first, 'fanout');
    }
    const refusal = registry.refusal(first);
    expect(refusal?.errors?.[0]).toMatchObject({ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } });
    expect(refusal?.errors?.[0]?.message).toContain('already has 2 open subscriptions');
    expect(registry.refusal(second)).toBeUndefined();
    expect(registry.refused()).toEqual({ per_connection: 1, total: 0 });

    expect(registry.remove('a')).toBe('fanout');
    expect(registry.refusal(first)).toBeUndefined();
  });

  it('refuses any subscription beyond the total; a place freed is a place taken', () => {
    const registry = createClientRegistry<number, string>({ maxPerConnection: 10, maxTotal: 3 });
    for (let i = 0; i < 3; i++) registry.add(i, {}, 'fanout');
    expect(registry.refusal({})?.errors?.[0]?.message).toContain('holds 3 subscriptions');
    expect(registry.refused()).toEqual({ per_connection: 0, total: 1 });
    registry.remove(0);
    expect(registry.size).toBe(2);
    expect(registry.refusal({})).toBeUndefined();
  });

  it('knows the group a client is in after it moved, and forgets a client once', () => {
    const registry = createClientRegistry<string, string>({ maxPerConnection: 10, maxTotal: 10 });
    registry.add('a', {}, 'old upstream');
    registry.move('a', 'new upstream');
    expect(registry.remove('a')).toBe('new upstream');
    expect(registry.remove('a')).toBeUndefined();
    expect(registry.size).toBe(0);
  });
});
