import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { BREAK, getNamedType, GraphQLError, isIntrospectionType, type ASTVisitor, type ValidationContext } from 'graphql';
import { createYoga, maskError, type GraphiQLOptions, type Plugin } from 'graphql-yoga';
import { currentRequestId } from '../http/request-scope.ts';
import type { GatePlugin, GraphQLServerContext } from '../http/graphql-gate/gate.ts';
import type { AppServices } from '../modules/app-services.ts';
import { EntityNotApproved } from '../modules/settlement-entities/kyc-gate.ts';
import { codedError, type ErrorCode } from './errors.ts';
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
  // A module's planned top-level refusal (the KYC gate) keeps its code.
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof EntityNotApproved) {
    return codedError('ENTITY_NOT_APPROVED', original.message, { entityId: original.entityId, kycStatus: original.kycStatus, requestId: currentRequestId() });
  }
  const masked = maskError(error, message, isDev);
  if (masked === error) return masked;
  const requestId = currentRequestId();
  console.error(`[${requestId ?? 'no-request'}] unexpected error`, (error as GraphQLError).originalError ?? error);
  return new GraphQLError(`Unexpected error. Quote request id ${requestId} to support.`, {
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  });
}

/**
 * GraphQL's context is the request's (caller, EntityManagers, clock) plus this app's services.
 * The request's properties are copied as descriptors: the EntityManager is a getter that forks on
 * first use, and copying it by value (as yoga's `context` option does) would fork one for every
 * request, even those that never query.
 */
function useRequestContext(services: AppServices): Plugin<GraphQLServerContext> {
  return {
    onContextBuilding({ context }) {
      if (!context.requestContext) throw new Error('GraphQL ran without a request context: the gate is missing.');
      Object.defineProperties(context, { ...Object.getOwnPropertyDescriptors(context.requestContext), services: { value: services, enumerable: true } });
    },
  };
}

const CSRF_HEADER = 'x-graphql-yoga-csrf';

/**
 * yoga's CSRF prevention (a GET, or a form-like POST, must carry a header no simple cross-site
 * request can), refusing like every other refusal: 403 with a code and the request id.
 */
function useCsrfHeader(): Plugin<GraphQLServerContext> {
  const csrf = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload) {
      try {
        // It throws only to refuse, and returns nothing otherwise.
        csrf.onRequestParse!(payload);
      } catch {
        throw codedError('CSRF_HEADER_REQUIRED', `GET and form-encoded requests need the ${CSRF_HEADER} header (any value).`, {
          requestId: currentRequestId(),
          http: { status: 403 },
        });
      }
    },
  };
}

/** Refuses the first field of an introspection type (`__schema`, `__type` and what they lead to). */
function introspectionNeedsAKey(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      const type = context.getType();
      if (!type || !isIntrospectionType(getNamedType(type))) return undefined;
      const code: ErrorCode = 'UNAUTHENTICATED';
      context.reportError(
        new GraphQLError('Introspection needs a secret key: send "Authorization: Bearer <secret key>".', { nodes: node, extensions: { code } }),
      );
      return BREAK;
    },
  };
}

/**
 * Production serves the schema to callers with a key only (it is public in the repository, but an
 * open endpoint need not map itself for scanners); `__typename` stays public. The caller is read
 * from the context, which HTTP and graphql-ws both fill, rather than from the HTTP request as
 * @graphql-yoga/plugin-disable-introspection does, which would leave graphql-ws open. The rule is
 * added, not a result set, so yoga's validation cache keeps the two outcomes apart.
 */
function useIntrospectionForKeysOnly(): Plugin<GraphQLServerContext> {
  return {
    onValidate({ context, addValidationRule }) {
      if (!context.requestContext?.principal) addValidationRule(introspectionNeedsAKey);
    },
  };
}

/** yoga with our schema and limits; `gate` runs first on HTTP requests (auth, rate limit, …). */
export function createGraphQLServer(options: {
  production: boolean;
  services: AppServices;
  gate?: GatePlugin[];
  renderGraphiQL?: (options: GraphiQLOptions) => string;
}) {
  return createYoga<GraphQLServerContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: !options.production,
    // Its assets come from our own server (http/graphiql-assets.ts), not a CDN.
    renderGraphiQL: options.renderGraphiQL,
    landingPage: false,
    logging: options.production ? 'warn' : 'info',
    // The gate's body limit (a declared Content-Length under the limit, which Node's parser then
    // holds the body to) already covers this; yoga's own would pipe every body through a stream.
    maxRequestBodySize: false,
    maskedErrors: { maskError: maskUnexpected },
    plugins: [
      ...(options.gate ?? []),
      useRequestContext(options.services),
      useCsrfHeader(),
      ...(options.production ? [useIntrospectionForKeysOnly()] : []),
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
