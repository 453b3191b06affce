import { describe, expect, it } from 'vitest';
import { readSwitch } from '../../config/index.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh } from '../support/mesh.ts';

const ASK = { query: '{ __type(name: "Query") { name } }' };

describe('introspection at the gateway', () => {
  const leftovers = useLeftovers();

  it('is answered by default, even under NODE_ENV=production (the catalog publishes the schemas anyway; the IDE reads it)', async () => {
    const before = process.env['NODE_ENV'];
    process.env['NODE_ENV'] = 'production'; // what Apollo Server reads for its own default
    try {
      const mesh = leftovers.track(await startMesh({ only: ['listeners'], data: SMALL_TEST_DATA }));
      const { body } = await postGraphQL(mesh.gateway.url, ASK);
      expect(body).toEqual({ data: { __type: { name: 'Query' } } });
    } finally {
      process.env['NODE_ENV'] = before;
    }
  });

  it('is refused when turned off (MESHGRAPH_INTROSPECTION=off)', async () => {
    const mesh = leftovers.track(await startMesh({ only: ['listeners'], data: SMALL_TEST_DATA, gateway: { introspection: readSwitch({ MESHGRAPH_INTROSPECTION: 'off' }, 'MESHGRAPH_INTROSPECTION', true) } }));
    const { body } = await postGraphQL(mesh.gateway.url, ASK);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/introspection is not allowed/i);
  });

  it('MESHGRAPH_INTROSPECTION takes on or off, and says so otherwise', () => {
    expect(readSwitch({}, 'MESHGRAPH_INTROSPECTION', true)).toBe(true);
    expect(readSwitch({ MESHGRAPH_INTROSPECTION: ' on ' }, 'MESHGRAPH_INTROSPECTION', false)).toBe(true);
    expect(() => readSwitch({ MESHGRAPH_INTROSPECTION: 'yes' }, 'MESHGRAPH_INTROSPECTION', true)).toThrow('MESHGRAPH_INTROSPECTION must be "on" or "off", but is "yes".');
  });
});
