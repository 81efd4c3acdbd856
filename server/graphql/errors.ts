import { GraphQLError } from 'graphql';

/** Top-level error codes (authentication, authorization, limits); business rules are userErrors. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'ENTERPRISE_ONLY'
  | 'ENTITY_NOT_APPROVED'
  | 'INVALID_LIPA_NUMBER'
  | 'RATE_LIMITED'
  | 'CSRF_HEADER_REQUIRED'
  | 'INVALID_SEARCH'
  | 'INTERNAL_SERVER_ERROR';

export function codedError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export const unauthenticated = () => codedError('UNAUTHENTICATED', 'Authenticate with "Authorization: Bearer <secret key>".');
export const forbidden = (message = 'This key lacks the scope this field needs.') => codedError('FORBIDDEN', message);

/** The body of an HTTP-level refusal, shaped like a GraphQL response so clients read one format. */
export function errorBody(code: string, message: string, requestId?: string): string {
  return JSON.stringify({ errors: [{ message, extensions: requestId ? { code, requestId } : { code } }] });
}

/** A list's `search` argument, checked (domain/search.ts) before any query runs. */
export function searchOrThrow(result: { ok: true; pattern: string | null } | { ok: false; message: string }): string | null {
  if (!result.ok) throw codedError('INVALID_SEARCH', result.message);
  return result.pattern;
}
