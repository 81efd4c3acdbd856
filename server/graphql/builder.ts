import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { Scope } from '../domain/api-keys.ts';
import type { AppServices } from '../modules/app-services.ts';
import type { RequestContext } from '../modules/request-context.ts';
import { forbidden, unauthenticated } from './errors.ts';

/**
 * A resolver's context: the request's (caller, per-request EntityManagers, clock), which it hands to
 * services, and the app's `services`, of which it hands a service only what that service needs.
 */
export type GraphQLContext = RequestContext & { services: AppServices };

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: { authenticated: boolean; platformAdmin: boolean; scope: Scope };
  Scalars: {
    MinorUnits: { Input: number; Output: number | bigint };
    DateTime: { Input: Date; Output: Date };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
    /** A GraphQL multipart upload (input only). */
    File: { Input: File; Output: never };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: ctx.principal !== null,
      platformAdmin: ctx.principal?.kind === 'PLATFORM_ADMIN',
      scope: (scope) => ctx.principal?.kind === 'API_KEY' && ctx.principal.scopes.includes(scope),
    }),
    unauthorizedError: (_parent, ctx) => (ctx.principal ? forbidden() : unauthenticated()),
    // A type's scopes are checked where an object of it is returned, whichever field returns it:
    // one FORBIDDEN on that field rather than one on each of its fields.
    runScopesOnType: true,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});
