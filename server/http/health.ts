import type { MikroORM } from '@mikro-orm/postgresql';
import { Hono } from 'hono';

/** `GET /healthz`: 200 when the database answers, 503 when it does not. */
export function healthRoutes(orm: MikroORM) {
  return new Hono().get('/healthz', async (c) => {
    // MikroORM's own probe (a `select 1`) keeps SQL out of http/; it answers `ok: false` instead of throwing.
    const { ok } = await orm.checkConnection();
    if (ok) return c.json({ status: 'ok', database: 'ok' });
    return c.json({ status: 'unavailable', database: 'unreachable' }, 503);
  });
}
