import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import pg from 'pg';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './domain/clock.ts';
import { errorBody } from './graphql/errors.ts';
import { attachGraphQLWebSocket } from './graphql/websocket.ts';
import { createGraphQLServer } from './graphql/yoga.ts';
import { authenticateRequest } from './http/authenticate.ts';
import { JSON_CONTENT_TYPE, type AppEnv } from './http/env.ts';
import { healthRoutes } from './http/health.ts';
import { idempotency } from './http/idempotency.ts';
import { rateLimit } from './http/rate-limit.ts';
import { requestScope } from './http/request-scope.ts';

export interface AppDependencies {
  config: Config;
  orm: MikroORM;
  /** The operator's key, when one is configured or was generated at start. */
  platformAdminKey: string | undefined;
  clock?: Clock;
}

export interface App {
  server: Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops taking requests, lets in-flight ones finish (up to `graceMs`), then releases everything. */
  close(graceMs?: number): Promise<void>;
}

const demoRoot = fileURLToPath(new URL('../demo', import.meta.url));

export function createApp(deps: AppDependencies): App {
  const { config, orm } = deps;
  const clock = deps.clock ?? systemClock;
  const auth = { orm, clock, platformAdminKey: deps.platformAdminKey };
  const pool = new pg.Pool({ connectionString: orm.config.get('clientUrl'), max: 4 });
  const yoga = createGraphQLServer({ production: config.production });

  const app = new Hono<AppEnv>();
  app.use(requestId({ headerName: 'X-Request-Id' }));
  app.use(async (c, next) => {
    await requestScope.run({ requestId: c.get('requestId') }, next);
    // Responses built outside Hono (yoga's) miss the header the request-id middleware sets.
    if (!c.res.headers.has('x-request-id')) c.res.headers.set('X-Request-Id', c.get('requestId'));
  });
  app.route('/', healthRoutes(orm));

  app.use(
    '/graphql',
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: (c) =>
        c.body(errorBody('PAYLOAD_TOO_LARGE', `Request bodies are limited to ${config.maxBodyBytes} bytes.`, c.get('requestId')), 413, JSON_CONTENT_TYPE),
    }),
    authenticateRequest(auth),
    rateLimit({ pool, ...config.rateLimit }),
    idempotency({ clock }),
  );
  app.on(['GET', 'POST', 'OPTIONS'], '/graphql', (c) => {
    const rawBody = c.get('rawBody');
    const request = rawBody === undefined ? c.req.raw : new Request(c.req.raw, { body: rawBody });
    return yoga.fetch(request, { requestContext: c.get('requestContext') });
  });

  app.get('/', (c) => c.redirect('/demo/'));
  app.get('/demo', (c) => c.redirect('/demo/'));
  app.use('/demo/*', serveStatic({ root: demoRoot, rewriteRequestPath: (path) => path.replace(/^\/demo/, '') }));

  app.notFound((c) => c.json({ error: 'Not found' }, 404));
  app.onError((error, c) => {
    console.error(`[${c.get('requestId')}] unhandled error`, error);
    return c.body(errorBody('INTERNAL_SERVER_ERROR', 'Unexpected error.', c.get('requestId')), 500, JSON_CONTENT_TYPE);
  });

  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  const websocket = attachGraphQLWebSocket(server, yoga, auth);

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(server.address() as AddressInfo));
      }),
    async close(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await websocket.close();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
      await pool.end();
    },
  };
}
