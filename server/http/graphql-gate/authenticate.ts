import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../domain/clock.ts';
import type { Authenticator } from '../../modules/tenancy/authentication.ts';
import { refusal, type GatePlugin } from './gate.ts';

/**
 * Resolves the caller and gives the request its own EntityManager fork. A key that is unknown,
 * malformed or revoked is refused with 401 before any GraphQL runs.
 */
export function useAuthentication(deps: { orm: MikroORM; clock: Clock; authenticator: Authenticator; publicUrl: string }): GatePlugin {
  return {
    async onRequest({ request, endResponse, fetchAPI, serverContext }) {
      const result = await deps.authenticator.authenticate(request.headers.get('authorization'));
      if (!result.ok) {
        endResponse(refusal(fetchAPI, 401, 'UNAUTHENTICATED', result.reason, serverContext.requestId, { 'www-authenticate': 'Bearer' }));
        return;
      }
      let em: EntityManager | undefined;
      serverContext.requestContext = {
        // Forked on first use: many requests (viewer, public reads of cached data) never touch it.
        get em() {
          return (em ??= deps.orm.em.fork());
        },
        principal: result.principal,
        clock: deps.clock,
        requestId: serverContext.requestId,
        publicUrl: deps.publicUrl,
      };
    },
  };
}
