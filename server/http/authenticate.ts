import type { MikroORM } from '@mikro-orm/postgresql';
import { createMiddleware } from 'hono/factory';
import type { Clock } from '../domain/clock.ts';
import { errorBody } from '../graphql/errors.ts';
import { authenticate } from '../modules/tenancy/authentication.ts';
import { JSON_CONTENT_TYPE, type AppEnv } from './env.ts';

/**
 * Resolves the caller and gives the request its own EntityManager fork. A key that is unknown,
 * malformed or revoked is refused with 401 before any GraphQL runs.
 */
export function authenticateRequest(deps: { orm: MikroORM; clock: Clock; platformAdminKey: string | undefined }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const em = deps.orm.em.fork();
    const result = await authenticate(em, c.req.header('authorization'), deps);
    if (!result.ok) {
      return c.body(errorBody('UNAUTHENTICATED', result.reason, c.get('requestId')), 401, {
        ...JSON_CONTENT_TYPE,
        'www-authenticate': 'Bearer',
      });
    }
    c.set('requestContext', { em, principal: result.principal, clock: deps.clock, requestId: c.get('requestId') });
    await next();
  });
}
