import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin } from 'graphql-yoga';
import { currentRequestId } from '../http/request-scope.ts';
import type { GatePlugin, GraphQLServerContext } from '../http/graphql-gate/gate.ts';
import { schema } from './schema.ts';

/** Query limits: deep enough for real clients, shallow enough that no query is a denial of service. */
export const GRAPHQL_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 1000,
  maxCost: 5000,
  maxDirectives: 50,
};

/** Errors nobody planned for are logged with the request id and shown to clients only as that id. */
function maskUnexpected(error: unknown, message: string, isDev?: boolean): Error {
  const masked = maskError(error, message, isDev);
  if (masked === error) return masked;
  const requestId = currentRequestId();
  console.error(`[${requestId ?? 'no-request'}] unexpected error`, (error as GraphQLError).originalError ?? error);
  return new GraphQLError(`Unexpected error. Quote request id ${requestId} to support.`, {
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  });
}

/**
 * GraphQL's context is the request's (caller, services, clock). Its properties are copied as
 * descriptors: the EntityManager is a getter that forks on first use, and copying it by value (as
 * yoga's `context` option does) would fork one for every request, even those that never query.
 */
function useRequestContext(): Plugin<GraphQLServerContext> {
  return {
    onContextBuilding({ context }) {
      if (!context.requestContext) throw new Error('GraphQL ran without a request context: the gate is missing.');
      Object.defineProperties(context, Object.getOwnPropertyDescriptors(context.requestContext));
    },
  };
}

/** yoga with our schema and limits; `gate` runs first on HTTP requests (auth, rate limit, …). */
export function createGraphQLServer(options: { production: boolean; gate?: GatePlugin[] }) {
  return createYoga<GraphQLServerContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: !options.production,
    landingPage: false,
    logging: options.production ? 'warn' : 'info',
    // The gate's body limit (a declared Content-Length under the limit, which Node's parser then
    // holds the body to) already covers this; yoga's own would pipe every body through a stream.
    maxRequestBodySize: false,
    maskedErrors: { maskError: maskUnexpected },
    plugins: [
      ...(options.gate ?? []),
      useRequestContext(),
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] }),
      EnvelopArmorPlugin({
        maxDepth: { n: GRAPHQL_LIMITS.maxDepth },
        maxAliases: { n: GRAPHQL_LIMITS.maxAliases, allowList: [] },
        maxTokens: { n: GRAPHQL_LIMITS.maxTokens },
        costLimit: { maxCost: GRAPHQL_LIMITS.maxCost },
        maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives },
        blockFieldSuggestion: { enabled: options.production },
      }),
    ],
  });
}

export type GraphQLServer = ReturnType<typeof createGraphQLServer>;
