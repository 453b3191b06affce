import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Negotiator from 'negotiator';
import { sendJson, type Route, type RouteHandler } from '../server/index.ts';

// Compiled (`dist/gateway/webAppRoute.js`) the app is beside it in dist/web/; from the sources (tsx, tests), in the build's dist/web/.
const COMPILED = import.meta.url.endsWith('.js');
/** Where `npm run build` puts the web catalog (scripts/buildWeb.mjs). */
export const WEB_APP_DIR = fileURLToPath(new URL(COMPILED ? '../web/' : '../dist/web/', import.meta.url));

/** Options of `createWebAppRoute`. */
export interface WebAppRouteOptions {
  /** The built app: `index.html` and its hashed files in `assets/`. @default WEB_APP_DIR */
  root?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};
/** A file name in assets/: what Vite writes, and nothing that climbs out of the folder. */
const ASSET_NAME = /^[\w-]+(?:\.[\w-]+)*$/;
/** A first path segment that may name an HTML entry of its own. */
const SECTION = /^[a-z][\w-]*$/;
/** A Host header as browsers send it: a name or address, and a port. */
const HOST = /^[\w.-]+(?::\d+)?$|^\[[\d:a-fA-F.]+\](?::\d+)?$/;

/**
 * The web catalog at the gateway's root: `GET /` and every page of the app
 * (a path a browser asks for as HTML, e.g. `/products/<urn>`) answer
 * `index.html`, which the app routes itself, or the build's own HTML entry
 * for the path's first segment (`/ide/…` → `ide.html`, a page bundled
 * apart, as an IDE on React would be); `GET /assets/<file>` answers a
 * built file with a year-long immutable cache (its name changes with its
 * content). Anything else is 404 as before: an API client asking for an
 * unknown path never gets a page. Register it last: it takes every path no
 * other route does.
 */
export function createWebAppRoute({ root = WEB_APP_DIR }: WebAppRouteOptions = {}): Route {
  const serve: RouteHandler = async (request, response, url) => {
    if (url.pathname.startsWith('/assets/')) return serveAsset(root, url.pathname.slice('/assets/'.length), request, response);
    if (url.pathname === '/' || (wantsHtml(request) && !extname(url.pathname))) return servePage(root, pageOf(url.pathname), request, response);
    notFound(response, url.pathname);
  };
  // Other methods find nothing here, as before: clients tell a gateway without a registry by a 404 to POST /registry.
  const none: RouteHandler = (_request, response, url) => notFound(response, url.pathname);
  return { path: '/*', methods: { GET: serve, POST: none, OPTIONS: none } };
}

/** The encodings the build writes beside an asset (scripts/buildWeb.mjs), by the file suffix, best first. */
const ENCODINGS = { br: '.br', gzip: '.gz' } as const;

const OFFERED = Object.keys(ENCODINGS);
/** The encodings offered that the request accepts, best first; at equal weight ours (br, then gzip), not the order of the header. */
const acceptedEncodings = (request: IncomingMessage): string[] =>
  // negotiator 1 takes `preferred` to break ties; its published types predate it.
  (new Negotiator(request) as unknown as { encodings(available: string[], options: { preferred: string[] }): string[] }).encodings(OFFERED, { preferred: OFFERED });

async function serveAsset(root: string, name: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = ASSET_NAME.test(name) ? join(root, 'assets', name) : undefined;
  // The best encoding the browser accepts and the build wrote; the file as it is otherwise.
  let encoding: keyof typeof ENCODINGS | undefined;
  let body: Buffer | undefined;
  for (const accepted of path ? acceptedEncodings(request) : []) {
    body = await readIfExists(path + ENCODINGS[accepted as keyof typeof ENCODINGS]);
    if (body) {
      encoding = accepted as keyof typeof ENCODINGS;
      break;
    }
  }
  body ??= path ? await readIfExists(path) : undefined;
  if (!body) return notFound(response, `/assets/${name}`);
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
    'cache-control': 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
    ...(encoding ? { 'content-encoding': encoding } : {}),
  });
  response.end(body);
}

/** The HTML entry a path belongs to: `/ide/…` to `ide.html` when the build has one (a page with its own bundle), else the catalog's `index.html`. */
function pageOf(pathname: string): string[] {
  const section = pathname.split('/')[1] ?? '';
  return SECTION.test(section) && section !== 'index' ? [`${section}.html`, 'index.html'] : ['index.html'];
}

async function servePage(root: string, pages: readonly string[], request: IncomingMessage, response: ServerResponse): Promise<void> {
  let page: Buffer | undefined;
  let served = 'index.html';
  for (const name of pages) if (!page && (page = await readIfExists(join(root, name)))) served = name;
  if (!page) {
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    response.end(`The web catalog is not built (no ${join(root, 'index.html')}): run npm run build. The GraphQL API is at /graphql.\n`);
    return;
  }
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    // Revalidated each time, so a rebuilt app's new asset names are picked up at once.
    'cache-control': 'no-cache',
    'content-security-policy': contentSecurityPolicy(request.headers.host, served),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  });
  response.end(page);
}

/**
 * What a page bundled apart needs beyond the catalog's `style-src 'self'`.
 * The IDE: GraphiQL's dialogs (Radix) lock the page's scroll with a
 * `<style>` element they write as they open, its rules sized to the
 * scrollbar, so no hash can name it. Styles only: scripts stay 'self'.
 */
const PAGE_STYLES: Record<string, string> = { 'ide.html': " 'unsafe-inline'" };

/**
 * Scripts, styles, images and fonts from the gateway only; connections to
 * it only (`/graphql` and its WebSocket, named too since not every browser
 * counts ws: as 'self'); no plugins, frames or foreign forms. `page` is the
 * HTML entry served: the IDE's also allows inline styles (`PAGE_STYLES`).
 */
export function contentSecurityPolicy(host: string | undefined, page = 'index.html'): string {
  const sockets = host && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self'${PAGE_STYLES[page] ?? ''}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** A browser navigating asks for HTML; fetch, curl and GraphQL clients do not. */
const wantsHtml = (request: IncomingMessage) => (request.headers.accept ?? '').includes('text/html');

const notFound = (response: ServerResponse, path: string) => sendJson(response, 404, { error: `No route or file "${path}".` });

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw error;
  }
}
