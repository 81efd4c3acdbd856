import type { MikroORM } from '@mikro-orm/postgresql';
import { Hono } from 'hono';

/** `GET /healthz`: 200 when the database answers, 503 when it does not. */
export function healthRoutes(orm: MikroORM) {
  return new Hono().get('/healthz', async (c) => {
    try {
      await orm.em.getConnection().execute('select 1');
      return c.json({ status: 'ok', database: 'ok' });
    } catch {
      return c.json({ status: 'unavailable', database: 'unreachable' }, 503);
    }
  });
}
