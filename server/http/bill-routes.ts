import type { MikroORM } from '@mikro-orm/postgresql';
import { Hono } from 'hono';
import { billShowsQrCode } from '../modules/kinds/bill/bills.service.ts';
import { qrCodeResponse } from './qr-code.ts';

/** A bill's QR image (public, by id). The re-query route is REST (bill-rest.ts). */
export function billRoutes(deps: { orm: MikroORM; publicUrl: string }) {
  const routes = new Hono();

  routes.get('/v1/bills/:id/:image{qr\\.(png|svg)}', async (c) => {
    const id = c.req.param('id');
    if (!(await billShowsQrCode(deps.orm.em.fork(), id))) return c.json({ error: 'Not found' }, 404);
    return qrCodeResponse(c, `${deps.publicUrl}/p/${id}`, c.req.param('image') === 'qr.svg' ? 'svg' : 'png');
  });

  return routes;
}
