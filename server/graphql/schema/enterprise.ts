import type { RequestContext } from '../../modules/request-context.ts';
import { codedError } from '../errors.ts';

/** Seed 000's words, answered by GraphQL and REST alike. */
export const ENTERPRISE_ONLY_MESSAGE = 'This endpoint requires an enterprise subscription. Contact sales at https://finorabusiness.com/contact';

/** Payment links and tap-to-pay need a partner agreement (seed 000): RETAIL plans are refused. */
export const isRetailCaller = (ctx: Pick<RequestContext, 'principal'>): boolean =>
  ctx.principal?.kind === 'API_KEY' && ctx.principal.business.plan !== 'ENTERPRISE';

export function requireEnterprise(ctx: RequestContext): void {
  if (isRetailCaller(ctx)) throw codedError('ENTERPRISE_ONLY', ENTERPRISE_ONLY_MESSAGE, { requestId: ctx.requestId });
}
