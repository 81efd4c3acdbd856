import type { MikroORM } from '@mikro-orm/postgresql';
import { Hono } from 'hono';
import type { Clock } from '../domain/clock.ts';
import { qrCodeResponse } from './qr-code.ts';
import { findPaymentLinkPublic } from '../modules/kinds/payment-link/payment-links.service.ts';

/** Customer-facing routes of a payment link: its QR images and its short link. */
export function paymentLinkRoutes(deps: { orm: MikroORM; clock: Clock; publicUrl: string }) {
  const paymentUrl = (id: string) => `${deps.publicUrl}/p/${id}`;
  const routes = new Hono();

  routes.get('/v1/payment-links/:id/:image{qr\\.(png|svg)}', async (c) => {
    const id = c.req.param('id');
    const format = c.req.param('image') === 'qr.svg' ? 'svg' : 'png';
    const link = await findPaymentLinkPublic(deps.orm.em.fork(), { id });
    if (!link) return c.json({ error: 'Not found' }, 404);
    return qrCodeResponse(c, paymentUrl(id), format);
  });

  routes.get('/l/:code', async (c) => {
    const link = await findPaymentLinkPublic(deps.orm.em.fork(), { shortCode: c.req.param('code') });
    return link ? c.redirect(paymentUrl(link.id), 302) : c.json({ error: 'Not found' }, 404);
  });

  return routes;
}
