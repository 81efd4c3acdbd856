import { createHash } from 'node:crypto';
import type { HttpBindings } from '@hono/node-server';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Scope } from '../../domain/api-keys.ts';
import { UNSTORABLE_TEXT_MESSAGE, unstorableTextPaths } from '../../domain/text.ts';
import type { UserError } from '../../domain/user-error.ts';
import type { AppServices } from '../../modules/app-services.ts';
import { beginIdempotentRequest, completeIdempotentRequest, releaseIdempotentRequest } from '../../modules/idempotency/idempotency.service.ts';
import { rateLimitKey, type RateLimiter } from '../../modules/rate-limits/rate-limiter.ts';
import { requestContextFor, type ApiKeyPrincipal, type RequestContext } from '../../modules/request-context.ts';
import type { Authenticator } from '../../modules/tenancy/authentication.ts';
import { currentRequestId } from '../request-scope.ts';

/**
 * The seeds' REST families. Each keeps its own error shape (its document is the spec):
 * - `finora` (seeds 000 and 003): `{ success: false, error: { code, message, requestId } }`;
 * - `finove` (seeds 001 and 004): `{ error: { code, message }, requestId }`;
 * - `router` (seed 002): `{ error, detail }` (the request id travels in X-Request-Id).
 */
export type RestFamily = 'finora' | 'finove' | 'router';

export type RestStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500;

/** What every REST route needs from the app: the same services, keys, limits and idempotency store as /graphql. */
export interface RestDeps {
  services: AppServices;
  authenticator: Authenticator;
  limiter: RateLimiter;
  maxBodyBytes: number;
  maxUploadBodyBytes?: number;
}

export interface RestEnv {
  Bindings: HttpBindings;
  Variables: { ctx: RequestContext; caller: ApiKeyPrincipal; family: RestFamily; idempotencyKeyHeld: boolean };
}

export const requestId = (): string => currentRequestId() ?? 'unknown';

/** One error body in a family's shape. `code` is ours (a userError code or an HTTP-level one). */
export function errorBodyOf(family: RestFamily, code: string, message: string, detail?: unknown): Record<string, unknown> {
  switch (family) {
    case 'finora':
      return { success: false, error: { code, message, requestId: requestId(), ...(detail === undefined ? {} : { detail }) } };
    case 'finove':
      return { error: { code, message, ...(detail === undefined ? {} : { detail }) }, requestId: requestId() };
    case 'router':
      return { error: message, detail: detail ?? code };
  }
}

export function restError(
  c: Context,
  family: RestFamily,
  status: RestStatus,
  code: string,
  message: string,
  detail?: unknown,
  headers?: Record<string, string>,
) {
  return c.json(errorBodyOf(family, code, message, detail), status, headers);
}

/** A service's userErrors as an HTTP answer: NOT_FOUND is 404, a clash 409, any other rule 400. */
export function userErrorResponse(c: Context, family: RestFamily, errors: UserError[]) {
  const [first] = errors;
  const status: RestStatus = errors.some((e) => /(^|_)NOT_FOUND$/.test(e.code))
    ? 404
    : errors.some((e) => /ALREADY|DUPLICATE|TAKEN|EXISTS/.test(e.code))
      ? 409
      : 400;
  const detail = errors.map((e) => ({ code: e.code, message: e.message, ...(e.field ? { field: e.field.filter((f) => f !== 'input') } : {}) }));
  return restError(c, family, status, first?.code ?? 'INVALID_INPUT', first?.message ?? 'Invalid request.', detail);
}

/** The zod validation hook of a family: a bad body, query or path is 400 in its shape; so is text PostgreSQL cannot store. */
// The hook sees every route's inputs, whatever their types.
type AnyHook = NonNullable<ConstructorParameters<typeof OpenAPIHono<RestEnv>>[0]>['defaultHook'];

export function validationHook(family: RestFamily): NonNullable<AnyHook> {
  return (result, c) => {
    if (!result.success) {
      const detail = result.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
      return restError(c, family, 400, 'INVALID_INPUT', detail[0] ? `${detail[0].path.join('.') || 'body'}: ${detail[0].message}` : 'Invalid request.', detail);
    }
    const unstorable = unstorableTextPaths(result.data);
    if (unstorable.length)
      return restError(
        c,
        family,
        400,
        'INVALID_TEXT',
        UNSTORABLE_TEXT_MESSAGE,
        unstorable.map((path) => path.map(String)),
      );
    return undefined;
  };
}

/** A REST family's sub-app: its routes' validation failures answer in its shape. */
export function restFamily(family: RestFamily): OpenAPIHono<RestEnv> {
  const app = new OpenAPIHono<RestEnv>({ defaultHook: validationHook(family) });
  app.onError((error, c) => {
    // Hono's own refusals (a body that is not JSON, not a form) are the caller's 400, not our 500.
    if (error instanceof HTTPException && error.status < 500) return restError(c, family, 400, 'INVALID_INPUT', error.message);
    console.error(`[${requestId()}] unhandled REST error`, error);
    return restError(c, family, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
  });
  return app;
}

/**
 * The gate of a REST route, in /graphql's order: body limit → secret key (401) → scopes (403) →
 * rate limit (429) → Idempotency-Key on writes (replay, 409 in progress, 422/409 another body).
 * The route then gets `ctx` (the same RequestContext GraphQL resolvers get) and `caller`.
 */
export function secured(deps: RestDeps, family: RestFamily, scopes: readonly Scope[], options: { upload?: boolean } = {}): MiddlewareHandler<RestEnv> {
  const maxSize = options.upload ? Math.max(deps.maxUploadBodyBytes ?? deps.maxBodyBytes, deps.maxBodyBytes) : deps.maxBodyBytes;
  const limit = bodyLimit({
    maxSize,
    // The unread body stays on the socket: close it rather than read the rest as the next request.
    onError: (c) => restError(c, family, 413, 'PAYLOAD_TOO_LARGE', `Request bodies are limited to ${maxSize} bytes.`, undefined, { connection: 'close' }),
  });
  const guard: MiddlewareHandler<RestEnv> = async (c, next) => {
    c.set('family', family);
    const auth = await deps.authenticator.authenticate(c.req.header('authorization'));
    const unauthenticated = (message: string) => restError(c, family, 401, 'UNAUTHENTICATED', message, undefined, { 'www-authenticate': 'Bearer' });
    if (!auth.ok) return unauthenticated(auth.reason);
    const principal = auth.principal;
    if (principal?.kind !== 'API_KEY') return unauthenticated('Send your secret key: Authorization: Bearer sk_….');
    const missing = scopes.filter((scope) => !principal.scopes.includes(scope));
    if (missing.length) return restError(c, family, 403, 'FORBIDDEN', `This key lacks the ${missing.join(', ')} scope.`, { missingScopes: missing });

    const address = c.env?.incoming?.socket?.remoteAddress;
    const decision = await deps.limiter.consume(rateLimitKey(principal, address));
    if (!decision.allowed) {
      return restError(c, family, 429, 'RATE_LIMITED', `Too many requests for this key: retry in ${decision.retryAfterSeconds} s.`, undefined, {
        'retry-after': String(decision.retryAfterSeconds),
      });
    }
    const ctx = requestContextFor(deps.services, principal, requestId());
    c.set('ctx', ctx);
    c.set('caller', principal);
    c.set('idempotencyKeyHeld', false);

    const key = c.req.header('idempotency-key');
    if (key === undefined || c.req.method === 'GET') return next();
    if (key.length === 0 || key.length > 255) return restError(c, family, 400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key is 1 to 255 characters.');
    // A clone: the route's own parser (JSON or multipart) reads the body afresh.
    const body = Buffer.from(await c.req.raw.clone().arrayBuffer());
    const requestHash = createHash('sha256').update(c.req.method).update(' ').update(c.req.path).update('\0').update(body).digest('hex');
    const store = ctx.em.fork();
    const claim = await beginIdempotentRequest(
      store,
      deps.services.clock,
      { principal, clientAddress: address ?? 'unknown' },
      key,
      requestHash,
      deps.services.webhooks.secretsKey,
    );
    switch (claim.kind) {
      case 'BODY_MISMATCH':
        // Seed 002's table: a reused key with another body is 409.
        return restError(c, family, family === 'router' ? 409 : 422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request body.');
      case 'IN_PROGRESS':
        return restError(c, family, 409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still being processed; retry shortly.');
      case 'REPLAY':
        return c.body(claim.response.body, claim.response.status as 200, { 'content-type': claim.response.contentType, 'idempotent-replayed': 'true' });
      case 'PROCEED': {
        c.set('idempotencyKeyHeld', true);
        try {
          await next();
        } catch (error) {
          await releaseIdempotentRequest(store, claim.recordId);
          throw error;
        }
        const response = c.res;
        if (response.status >= 500) await releaseIdempotentRequest(store, claim.recordId);
        else {
          const contentType = response.headers.get('content-type') ?? 'application/json';
          await completeIdempotentRequest(
            store,
            claim.recordId,
            { status: response.status, body: await response.clone().text(), contentType },
            deps.services.webhooks.secretsKey,
          );
        }
      }
    }
  };
  return (c, next) =>
    limit(c, async () => {
      const refusal = await guard(c, next);
      if (refusal instanceof Response) c.res = refusal;
    });
}

/** Response schemas for the errors every secured route may answer, in a family's shape. */
export function errorSchemaOf(family: RestFamily) {
  switch (family) {
    case 'finora':
      return z
        .object({
          success: z.literal(false),
          error: z.object({ code: z.string(), message: z.string(), requestId: z.string(), detail: z.unknown().optional() }),
        })
        .openapi('FinoraError', {
          example: {
            success: false,
            error: {
              code: 'ENTERPRISE_ONLY',
              message: 'This endpoint requires an enterprise subscription. Contact sales at https://finorabusiness.com/contact',
              requestId: 'req_7d0c5c1e',
            },
          },
        });
    case 'finove':
      return z
        .object({ error: z.object({ code: z.string(), message: z.string(), detail: z.unknown().optional() }), requestId: z.string() })
        .openapi('FinoveError', { example: { error: { code: 'NOT_FOUND', message: 'No payment with this id.' }, requestId: 'req_7d0c5c1e' } });
    case 'router':
      return z
        .object({ error: z.string(), detail: z.unknown().optional() })
        .openapi('RouterError', { example: { error: 'This key lacks the apps:write scope.', detail: { missingScopes: ['apps:write'] } } });
  }
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request: the body is invalid or a business rule refused it (nothing was written).',
  401: 'Missing, invalid or revoked secret key.',
  403: 'The key lacks a scope this route needs (or, for enterprise routes, the plan).',
  404: 'Not found, or not owned by the caller.',
  409: 'Idempotency-Key still in use, or reused with another body (seed 002), or a unique clash.',
  413: 'The body is larger than the limit.',
  422: 'Idempotency-Key reused with another body.',
  429: 'Per-key rate limit exceeded (see Retry-After).',
  500: 'Unexpected error.',
};

/** The error responses of a secured route, for its OpenAPI operation. */
export function errorResponses(family: RestFamily, statuses: readonly RestStatus[] = [400, 401, 403, 404, 409, 413, 429, 500]) {
  const schema = errorSchemaOf(family);
  return Object.fromEntries(statuses.map((status) => [status, { description: ERROR_DESCRIPTIONS[status]!, content: { 'application/json': { schema } } }]));
}

/** Headers every secured route documents. */
export const restHeaders = z.object({
  'idempotency-key': z.string().max(255).optional().openapi({ description: 'Retries with the same key and body get the first answer.' }),
  'x-request-id': z.string().optional().openapi({ description: 'Echoed back; minted when absent.' }),
});

export const bearerSecurity = [{ secretKey: [] }];
