import type { MikroORM } from '@mikro-orm/postgresql';
import { Hono } from 'hono';
import type { Clock } from '../domain/clock.ts';
import { requeryBill } from '../modules/kinds/bill/bill-statement.ts';
import { billShowsQrCode } from '../modules/kinds/bill/bills.service.ts';
import type { Authenticator } from '../modules/tenancy/authentication.ts';
import { qrCodeResponse } from './qr-code.ts';

const failure = (code: string, message: string) => ({ success: false, error: { code, message } });

/** A bill's QR image (public, by id) and the re-query route partners and merchants poll (secret key). */
export function billRoutes(deps: { orm: MikroORM; clock: Clock; publicUrl: string; authenticator: Authenticator }) {
  const routes = new Hono();

  routes.get('/v1/bills/:id/:image{qr\\.(png|svg)}', async (c) => {
    const id = c.req.param('id');
    if (!(await billShowsQrCode(deps.orm.em.fork(), id))) return c.json({ error: 'Not found' }, 404);
    return qrCodeResponse(c, `${deps.publicUrl}/p/${id}`, c.req.param('image') === 'qr.svg' ? 'svg' : 'png');
  });

  routes.get('/v1/checkout/requery/:paymentRef', async (c) => {
    const auth = await deps.authenticator.authenticate(c.req.header('authorization'));
    if (!auth.ok) return c.json(failure('UNAUTHENTICATED', auth.reason), 401);
    const caller = auth.principal;
    if (caller?.kind !== 'API_KEY') return c.json(failure('UNAUTHENTICATED', 'Send your secret key: Authorization: Bearer sk_….'), 401);
    if (!caller.scopes.includes('checkouts:read')) return c.json(failure('FORBIDDEN', 'This key lacks the checkouts:read scope.'), 403);
    const statement = await requeryBill(deps.orm.em.fork(), caller, c.req.param('paymentRef'), deps.clock.now(), deps.publicUrl);
    if (!statement) return c.json(failure('NOT_FOUND', 'No bill with this paymentRef.'), 404);
    return c.json({ success: true, data: statement });
  });
  return routes;
}
