import type { Plugin } from 'graphql-yoga';
import type { RequestContext } from '../../modules/request-context.ts';
import { errorBody } from '../../graphql/errors.ts';

/** Per-request state of the HTTP gate in front of GraphQL (yoga's server context). */
export interface GraphQLServerContext {
  requestId: string;
  /** Set once the caller is authenticated, before any GraphQL runs. */
  requestContext?: RequestContext;
  /** The Idempotency-Key claim this request holds, to be completed with its response. */
  idempotencyRecordId?: number;
  idempotencyStore?: RequestContext['em'];
}

export type GatePlugin = Plugin<Record<string, unknown>, GraphQLServerContext>;

/** An HTTP-level refusal, shaped like a GraphQL response so clients read one format. */
export function refusal(
  fetchAPI: { Response: typeof Response },
  status: number,
  code: string,
  message: string,
  requestId: string,
  headers: Record<string, string> = {},
): Response {
  return new fetchAPI.Response(errorBody(code, message, requestId), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** The client's address for this request (yoga's node server context carries the socket). */
export function clientAddressOf(serverContext: GraphQLServerContext): string | undefined {
  return (serverContext as unknown as { req?: { socket?: { remoteAddress?: string } } }).req?.socket?.remoteAddress;
}
