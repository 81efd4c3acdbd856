import type { MikroORM } from '@mikro-orm/postgresql';
import { Hono } from 'hono';
import type { Clock } from '../domain/clock.ts';
import { Bill } from '../modules/kinds/bill/bill.entities.ts';
import { billStatement } from '../modules/kinds/bill/bill-statement.ts';
import { billPayments } from '../modules/kinds/bill/bills.service.ts';
import type { Authenticator } from '../modules/tenancy/authentication.ts';
import { qrCodeResponse } from './qr-code.ts';

const failure = (code: string, message: string) => ({ success: false, error: { code, message } });

/** A bill's QR image (public, by id) and the re-query route partners and merchants poll (secret key). */
export function billRoutes(deps: { orm: MikroORM; clock: Clock; publicUrl: string; authenticator: Authenticator }) {
  const routes = new Hono();

  routes.get('/v1/bills/:id/:image{qr\\.(png|svg)}', async (c) => {
    const id = c.req.param('id');
    const bill = await deps.orm.em.fork().findOne(Bill, { id }, { fields: ['id', 'qrcode'] });
    if (!bill?.qrcode) return c.json({ error: 'Not found' }, 404);
    return qrCodeResponse(c, `${deps.publicUrl}/p/${id}`, c.req.param('image') === 'qr.svg' ? 'svg' : 'png');
  });

  routes.get('/v1/checkout/requery/:paymentRef', async (c) => {
    const auth = await deps.authenticator.authenticate(c.req.header('authorization'));
    if (!auth.ok) return c.json(failure('UNAUTHENTICATED', auth.reason), 401);
    const caller = auth.principal;
    if (caller?.kind !== 'API_KEY') return c.json(failure('UNAUTHENTICATED', 'Send your secret key: Authorization: Bearer sk_….'), 401);
    if (!caller.scopes.includes('checkouts:read')) return c.json(failure('FORBIDDEN', 'This key lacks the checkouts:read scope.'), 403);
    const em = deps.orm.em.fork();
    // Another business's reference answers exactly as one that does not exist.
    const bill = await em.findOne(Bill, { paymentRef: c.req.param('paymentRef'), business: caller.businessId, mode: caller.mode });
    if (!bill) return c.json(failure('NOT_FOUND', 'No bill with this paymentRef.'), 404);
    return c.json({ success: true, data: billStatement(bill, await billPayments(em, bill), deps.clock.now(), deps.publicUrl) });
  });
  return routes;
}
