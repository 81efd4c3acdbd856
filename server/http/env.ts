import type { RequestContext } from '../modules/request-context.ts';

/** Per-request values the HTTP middlewares hand down to the routes. */
export interface AppEnv {
  Variables: {
    requestId: string;
    requestContext: RequestContext;
    /** The raw body, once a middleware had to read it (idempotency hashing). */
    rawBody?: string;
  };
}

export const JSON_CONTENT_TYPE = { 'content-type': 'application/json; charset=utf-8' };
