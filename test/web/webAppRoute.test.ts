import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createWebAppRoute } from '../../gateway/webAppRoute.ts';
import { closeServer, createHttpServer, listen, sendJson } from '../../server/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';

const PAGE = '<!doctype html><title>catalog</title><script type="module" src="/assets/index-abc123.js"></script>';

describe('the web catalog route', () => {
  const leftovers = useLeftovers();

  /** A server with an API route and the web app built into a temporary folder (or not built, `built: false`). */
  async function serve({ built = true } = {}) {
    const root = leftovers.track(await createTempDir('meshgraph-web-')).path;
    if (built) {
      await mkdir(join(root, 'assets'));
      await writeFile(join(root, 'index.html'), PAGE);
      await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log("app")');
    }
    const server = createHttpServer({ logger: captureLogger('web'), routes: [{ path: '/health', methods: { GET: (_q, response) => sendJson(response, 200, { status: 'ok' }) } }, createWebAppRoute({ root })] });
    const port = await listen(server, 0, '127.0.0.1');
    leftovers.track({ close: () => closeServer(server) });
    return { base: `http://127.0.0.1:${port}`, root };
  }
  const asBrowser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

  it('answers / with the app, revalidated each time, under a policy allowing only the gateway itself', async () => {
    const { base } = await serve();
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const host = new URL(base).host;
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy(host));
    expect(contentSecurityPolicy(host)).toContain(`connect-src 'self' ws://${host} wss://${host}`);
    expect(contentSecurityPolicy(host)).toContain("script-src 'self';");
    expect(await response.text()).toBe(PAGE);
  });

  it('serves hashed assets for a year, and 404 for an asset it does not have or a path that climbs out', async () => {
    const { base } = await serve();
    const asset = await fetch(`${base}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log("app")');
    expect((await fetch(`${base}/assets/index-old999.js`)).status).toBe(404);
    expect((await fetch(`${base}/assets/..%2Findex.html`)).status).toBe(404);
  });

  it('serves the compressed copy the build wrote beside an asset, the best the browser accepts', async () => {
    const { base, root } = await serve();
    const code = 'console.log("app")';
    await writeFile(join(root, 'assets', 'index-abc123.js.br'), brotliCompressSync(code));
    await writeFile(join(root, 'assets', 'index-abc123.js.gz'), gzipSync(code));
    const as = async (acceptEncoding: string) => {
      const response = await fetch(`${base}/assets/index-abc123.js`, { headers: { 'accept-encoding': acceptEncoding } });
      expect(response.headers.get('vary')).toBe('accept-encoding');
      expect(await response.text()).toBe(code); // decoded as a browser decodes it
      return response.headers.get('content-encoding');
    };
    expect(await as('gzip, deflate, br, zstd')).toBe('br');
    expect(await as('gzip')).toBe('gzip');
    expect(await as('br;q=0.5, gzip')).toBe('gzip');
    expect(await as('identity')).toBeNull();
    expect(await as('br;q=0, gzip;q=0')).toBeNull();
  });

  it("answers the app's pages with the app when a browser asks, and leaves API clients their 404", async () => {
    const { base } = await serve();
    const page = await fetch(`${base}/products/${encodeURIComponent('urn:meshgraph:podcasts:episode-plays:v1')}`, { headers: asBrowser });
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(PAGE);
    // fetch, curl and GraphQL clients do not ask for HTML: an unknown path stays 404, for every method the route table knows.
    const api = await fetch(`${base}/registry/usage`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: 'No route or file "/registry/usage".' });
    expect((await fetch(`${base}/registry`, { method: 'POST', body: '{}' })).status).toBe(404);
    // A file the app does not have is not a page either.
    expect((await fetch(`${base}/robots.txt`, { headers: asBrowser })).status).toBe(404);
    expect(await (await fetch(`${base}/health`, { headers: asBrowser })).json()).toEqual({ status: 'ok' });
  });

  it('answers a section with an HTML entry of its own with that page, bundled apart from the catalog', async () => {
    const { base, root } = await serve();
    const ide = '<!doctype html><title>IDE</title>';
    await writeFile(join(root, 'ide.html'), ide);
    expect(await (await fetch(`${base}/ide`, { headers: asBrowser })).text()).toBe(ide);
    expect(await (await fetch(`${base}/ide/saved/1`, { headers: asBrowser })).text()).toBe(ide);
    expect(await (await fetch(`${base}/products/x`, { headers: asBrowser })).text()).toBe(PAGE);
    expect(await (await fetch(`${base}/index`, { headers: asBrowser })).text()).toBe(PAGE);
  });

  it("allows the IDE's page inline styles (GraphiQL's dialogs write some), and no other page, nor any page inline scripts", async () => {
    const { base, root } = await serve();
    await writeFile(join(root, 'ide.html'), '<!doctype html><title>IDE</title>');
    const policy = async (path: string) => (await fetch(`${base}${path}`, { headers: asBrowser })).headers.get('content-security-policy')!;
    const host = new URL(base).host;
    expect(await policy('/ide')).toBe(contentSecurityPolicy(host, 'ide.html'));
    expect(await policy('/ide')).toContain("style-src 'self' 'unsafe-inline'; img-src");
    expect(await policy('/ide')).toContain("script-src 'self';");
    for (const path of ['/', '/products/x', '/lineage']) expect(await policy(path)).toContain("style-src 'self'; img-src");
  });

  it('says how to build the app when it is not built', async () => {
    const { base } = await serve({ built: false });
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/^The web catalog is not built \(no .*index\.html\): run npm run build\. The GraphQL API is at \/graphql\.\n$/);
  });
});
