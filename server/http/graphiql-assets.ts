import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { renderGraphiQL, type GraphiQLOptions } from 'graphql-yoga';
import { Hono } from 'hono';

// GraphiQL's built files, from the package yoga's own page would fetch from a CDN.
const packageJson = createRequire(import.meta.url).resolve('@graphql-yoga/graphiql/package.json');
const distRoot = join(dirname(packageJson), 'dist');
const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;

/** Where the files are served; the version is in the path, so they are cached for good. */
export const GRAPHIQL_ASSETS = `/graphiql/${version}/`;

/**
 * yoga's GraphiQL page with every asset on our own server: the CDN's URLs become ours and the
 * favicon (another site's) goes, so GraphiQL works offline and loads nothing from another origin.
 */
export function renderLocalGraphiQL(options: GraphiQLOptions): string {
  return renderGraphiQL(options)
    .replace(/https:\/\/unpkg\.com\/@graphql-yoga\/graphiql@[^/]+\/dist\//g, GRAPHIQL_ASSETS)
    .replace(/<link rel=icon [^>]*>/, '');
}

/** `GET /graphiql/<version>/…`: the GraphiQL bundle, its stylesheet and its editor workers (development only). */
export function graphiqlAssetRoutes() {
  const routes = new Hono();
  routes.use(`${GRAPHIQL_ASSETS}*`, async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set('cache-control', 'public, max-age=31536000, immutable');
  });
  routes.use(`${GRAPHIQL_ASSETS}*`, serveStatic({ root: distRoot, rewriteRequestPath: (path) => path.slice(GRAPHIQL_ASSETS.length - 1) }));
  return routes;
}
