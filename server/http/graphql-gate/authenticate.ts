import type { AppServices } from '../../modules/app-services.ts';
import { requestContextFor } from '../../modules/request-context.ts';
import type { Authenticator } from '../../modules/tenancy/authentication.ts';
import { refusal, type GatePlugin } from './gate.ts';

/**
 * Resolves the caller and gives the request its context. A key that is unknown, malformed or
 * revoked is refused with 401 before any GraphQL runs.
 */
export function useAuthentication(services: AppServices, authenticator: Authenticator): GatePlugin {
  return {
    async onRequest({ request, endResponse, fetchAPI, serverContext }) {
      const result = await authenticator.authenticate(request.headers.get('authorization'));
      if (!result.ok) {
        endResponse(refusal(fetchAPI, 401, 'UNAUTHENTICATED', result.reason, serverContext.requestId, { 'www-authenticate': 'Bearer' }));
        return;
      }
      serverContext.requestContext = requestContextFor(services, result.principal, serverContext.requestId);
    },
  };
}
