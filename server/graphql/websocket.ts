import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { getOperationAST, GraphQLError, Kind, print, type ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { requestContextFor, type AppServices, type Principal } from '../modules/request-context.ts';
import type { Authenticator } from '../modules/tenancy/authentication.ts';
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

/**
 * graphql-ws on the HTTP server's port and path. It runs yoga's own envelop pipeline (limits,
 * masking, context), authenticates once at `connection_init` ({ authorization: "Bearer sk_…" })
 * and gives every operation its own EntityManager fork.
 */
export function attachGraphQLWebSocket(
  server: Server,
  yoga: GraphQLServer,
  services: AppServices,
  authenticator: Authenticator,
) {
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const sharing = createSubscriptionSharing();
  const disposable = useServer<Record<string, unknown> | undefined, { principal?: Principal | null }>(
    {
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const result = await authenticator.authenticate(typeof header === 'string' ? header : undefined);
        if (!result.ok) return false;
        ctx.extra.principal = result.principal;
        return true;
      },
      onSubscribe: async (ctx, _id, params) => {
        const requestContext = requestContextFor(services, ctx.extra.principal ?? null, randomUUID());
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
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
