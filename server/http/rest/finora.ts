import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ENTERPRISE_ONLY_MESSAGE, isRetailCaller } from '../../graphql/schema/enterprise.ts';
import { restError, type RestEnv } from './rest-api.ts';

/** Seed 000's `{businessId}` path parameter. */
export const businessIdParam = z.object({
  businessId: z
    .string()
    .max(64)
    .openapi({ param: { name: 'businessId', in: 'path' }, example: 'biz_001', description: "Your key's business; any other is 404." }),
});

/** Seed 000: `businessId` is the key's own business (another one answers as one that does not exist), on an enterprise plan. */
export function enterpriseGate(c: Context<RestEnv>, businessId: string) {
  if (businessId !== c.var.caller.businessId) return restError(c, 'finora', 404, 'NOT_FOUND', 'No business with this id.');
  if (isRetailCaller(c.var.ctx)) return restError(c, 'finora', 403, 'ENTERPRISE_ONLY', ENTERPRISE_ONLY_MESSAGE);
  return null;
}
