import type { AppServices } from '../../modules/app-services.ts';
import { requestContextFor } from '../../modules/request-context.ts';
import type { Authenticator } from '../../modules/tenancy/authentication.ts';
import { sessionTokenOf } from '../../modules/accounts/session-principal.ts';
import { refusal, type GatePlugin } from './gate.ts';

/**
 * Resolves the caller and gives the request its context. A key that is unknown, malformed or
 * revoked is refused with 401 before any GraphQL runs; a dashboard session without its CSRF token
 * with 403 CSRF_TOKEN_INVALID.
 */
export function useAuthentication(services: AppServices, authenticator: Authenticator): GatePlugin {
  return {
    async onRequest({ request, endResponse, fetchAPI, serverContext }) {
      const result = await authenticator.authenticateRequest({
        authorization: request.headers.get('authorization'),
        sessionToken: sessionTokenOf(request.headers.get('cookie')),
        csrfToken: request.headers.get('x-csrf-token'),
        mode: request.headers.get('x-pay-mode'),
      });
      if (!result.ok && result.status && result.code) {
        endResponse(refusal(fetchAPI, result.status, result.code, result.reason, serverContext.requestId));
        return;
      }
      if (!result.ok) {
        endResponse(refusal(fetchAPI, 401, 'UNAUTHENTICATED', result.reason, serverContext.requestId, { 'www-authenticate': 'Bearer' }));
        return;
      }
      serverContext.requestContext = requestContextFor(services, result.principal, serverContext.requestId);
    },
  };
}
