import { describe, expect, it } from 'vitest';
import { createGatewayStateMachine } from '../../gateway/GatewayState.ts';

describe("a gateway's state", () => {
  it('starts, serves, then stops, handing back what served so that it can be stopped', () => {
    const gateway = createGatewayStateMachine<string>();
    expect(gateway.state).toEqual({ status: 'starting' });
    expect(gateway.serve('apollo and the engine')).toBe(true);
    expect(gateway.state).toEqual({ status: 'serving', serving: 'apollo and the engine' });
    expect(gateway.stop()).toBe('apollo and the engine');
    expect(gateway.state).toEqual({ status: 'stopped' });
    expect(gateway.stop()).toBeUndefined();
  });

  it('closed while starting, it refuses what comes to serve afterwards: the caller stops it', () => {
    const gateway = createGatewayStateMachine<string>();
    expect(gateway.stop()).toBeUndefined();
    expect(gateway.serve('late')).toBe(false);
    expect(gateway.state).toEqual({ status: 'stopped' });
  });

  it('serves once', () => {
    const gateway = createGatewayStateMachine<string>();
    gateway.serve('first');
    expect(() => gateway.serve('second')).toThrow('serving already');
    expect(gateway.state).toEqual({ status: 'serving', serving: 'first' });
  });
});
