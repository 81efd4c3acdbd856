import type { RequestContext } from '../../modules/request-context.ts';
import { codedError } from '../errors.ts';

/** Payment links and tap-to-pay need a partner agreement (seed 000): RETAIL plans are refused. */
export function requireEnterprise(ctx: RequestContext): void {
  if (ctx.principal?.kind === 'API_KEY' && ctx.principal.business.plan !== 'ENTERPRISE') {
    throw codedError('ENTERPRISE_ONLY', 'This endpoint requires an enterprise subscription. Contact sales at https://finorabusiness.com/contact', {
      requestId: ctx.requestId,
    });
  }
}
