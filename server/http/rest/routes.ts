import { OpenAPIHono } from '@hono/zod-openapi';
import { billRest } from '../bill-rest.ts';
import { paymentLinkRest } from '../payment-link-rest.ts';
import { financedPaymentRest } from '../payment-request-payments-rest.ts';
import { paymentRequestRest } from '../payment-request-rest.ts';
import { routerRest } from '../router-rest.ts';
import { settlementRest } from '../settlement-rest.ts';
import { tapToPayRest } from '../tap-to-pay-rest.ts';
import { tillAliasRest } from '../till-alias-rest.ts';
import { OPENAPI_INFO, registerPlatformOperations } from './openapi.ts';
import type { RestDeps, RestEnv } from './rest-api.ts';

/**
 * The seeds' REST routes, each a thin adapter over the service its GraphQL resolver calls, and
 * `GET /openapi.json` (OpenAPI 3.1), generated from the zod schemas those routes validate with.
 */
export function restRoutes(deps: RestDeps) {
  const app = new OpenAPIHono<RestEnv>();
  app.route('/', paymentLinkRest(deps));
  app.route('/', tapToPayRest(deps));
  app.route('/', billRest(deps));
  app.route('/', routerRest(deps));
  app.route('/', tillAliasRest(deps));
  app.route('/', settlementRest(deps));
  app.route('/', paymentRequestRest(deps));
  app.route('/', financedPaymentRest(deps));
  registerPlatformOperations(app);
  app.doc31('/openapi.json', OPENAPI_INFO);
  return app;
}

/** The document, without a server (tests lint it; the docs page may render it). */
export function openApiDocument(deps: RestDeps) {
  return restRoutes(deps).getOpenAPI31Document(OPENAPI_INFO);
}
