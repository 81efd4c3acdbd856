import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { getOperationAST, GraphQLError, Kind, print, type ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { rateLimitKey, type RateLimiter } from '../modules/rate-limits/rate-limiter.ts';
import type { AppServices } from '../modules/app-services.ts';
import { requestContextFor } from '../modules/request-context.ts';
import type { Authenticator } from '../modules/tenancy/authentication.ts';
import { codedError } from './errors.ts';
import { createSubscriptionSharing } from './shared-subscriptions.ts';
import type { GraphQLServer } from './yoga.ts';

type Enveloped = ReturnType<GraphQLServer['getEnveloped']>;

/** Public subscriptions whose results are the same for every subscriber, so they may share one execution. */
const SHAREABLE_SUBSCRIPTIONS = new Set(['checkoutUpdated']);

/** The sharing key of an operation that selects only shareable fields at its root; null otherwise. */
function sharingKey(args: ExecutionArgs): string | null {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== 'subscription') return null;
  const shareable = operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && SHAREABLE_SUBSCRIPTIONS.has(s.name.value));
  return shareable ? `${print(operation)}\n${JSON.stringify(args.variableValues ?? {})}` : null;
}

/** graphql-ws's own close code for a refused connection, also used when the socket's key is revoked. */
const FORBIDDEN = 4403;

/**
 * graphql-ws on the HTTP server's port and path. It runs yoga's own envelop pipeline (limits,
 * masking, context), takes the key from `connection_init` ({ authorization: "Bearer sk_…" }) and
 * gives every operation its own EntityManager fork. Like an HTTP request, every operation has its
 * key checked again (from the authenticator's cache) and spends from its rate-limit budget; a socket
 * whose key is revoked is closed with 4403 as soon as the revocation is heard.
 */
export function attachGraphQLWebSocket(
  server: Server,
  yoga: GraphQLServer,
  deps: { services: AppServices; authenticator: Authenticator; limiter: RateLimiter },
) {
  const { services, authenticator, limiter } = deps;
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const sharing = createSubscriptionSharing();
  /** Open sockets by the API key they authenticated with. */
  const keyOfSocket = new Map<WebSocket, string>();
  const stopListening = services.apiKeyRevocations.listen((apiKeyId) => {
    for (const [socket, keyId] of keyOfSocket) if (keyId === apiKeyId) socket.close(FORBIDDEN, 'API key revoked');
  });
  const disposable = useServer<Record<string, unknown> | undefined, { authorization?: string }>(
    {
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const authorization = typeof header === 'string' ? header : undefined;
        const result = await authenticator.authenticate(authorization);
        if (!result.ok) return false;
        ctx.extra.authorization = authorization;
        const { socket } = ctx.extra;
        if (result.principal?.kind === 'API_KEY' && socket.readyState === socket.OPEN) keyOfSocket.set(socket, result.principal.apiKeyId);
        return true;
      },
      onClose: (ctx) => {
        keyOfSocket.delete(ctx.extra.socket);
      },
      onSubscribe: async (ctx, _id, params) => {
        const authentication = await authenticator.authenticate(ctx.extra.authorization);
        if (!authentication.ok) {
          ctx.extra.socket.close(FORBIDDEN, 'Forbidden');
          return [codedError('UNAUTHENTICATED', authentication.reason)];
        }
        const { principal } = authentication;
        const decision = await limiter.consume(rateLimitKey(principal, ctx.extra.request.socket.remoteAddress));
        if (!decision.allowed) {
          return [
            codedError('RATE_LIMITED', `Too many requests for this key: retry in ${decision.retryAfterSeconds} s.`, {
              retryAfterSeconds: decision.retryAfterSeconds,
            }),
          ];
        }
        const requestContext = requestContextFor(services, principal, randomUUID());
        const enveloped = yoga.getEnveloped({ ...ctx, requestContext, req: ctx.extra.request, socket: ctx.extra.socket, params });
        // Parsing and validation run the limits (depth, aliases, tokens, cost), which throw.
        let document;
        try {
          document = enveloped.parse(params.query);
          const errors = enveloped.validate(enveloped.schema, document);
          if (errors.length) return errors;
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('Invalid query.')];
        }
        const args: ExecutionArgs & { rootValue: Enveloped } = {
          schema: enveloped.schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await enveloped.contextFactory(),
          rootValue: enveloped,
        };
        return args;
      },
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => {
        const run = async () => (args.rootValue as Enveloped).subscribe(args);
        const key = sharingKey(args);
        return key ? sharing.subscribe(key, run) : run();
      },
    },
    wss,
  );
  return {
    async close() {
      stopListening();
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
