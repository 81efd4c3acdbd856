import type { MikroORM } from '@mikro-orm/postgresql';
import { Hono } from 'hono';
import { findLogo } from '../modules/tenancy/logos.service.ts';

/** Uploaded logos (`/v1/logos/<sha256>.<ext>`): a URL's bytes never change, so caches keep them for a year. */
export function logoRoutes(deps: { orm: MikroORM }) {
  return new Hono().get('/v1/logos/:file', async (c) => {
    const logo = await findLogo(deps.orm.em.fork(), c.req.param('file'));
    if (!logo) return c.json({ error: 'Not found' }, 404);
    return c.body(new Uint8Array(logo.bytes), 200, {
      'content-type': logo.contentType,
      'cache-control': 'public, max-age=31536000, immutable',
      // Only ever an image: never sniffed as anything else, never a document with scripts.
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
  });
}
