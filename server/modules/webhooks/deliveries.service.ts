import { tenantOf } from '../tenancy/tenant-scope.ts';
import { errorCodes, rejected, userError, type Payload } from '../../domain/user-error.ts';
import { OutboxEvent } from '../outbox/outbox-event.entity.ts';
import { keysetPage, type PageRequest } from '../pagination.ts';
import type { RequestContext } from '../request-context.ts';
import { findApp } from './apps.service.ts';
import { WebhookAttempt, WebhookDelivery, type DELIVERY_STATUSES } from './delivery.entities.ts';
import { redeliverEvent, type DeliveryDeps } from './delivery.service.ts';

/** What redeliverWebhook may answer (GraphQL `WebhookDeliveryErrorCode`). */
export const WEBHOOK_DELIVERY_ERROR_CODES = errorCodes('NOT_FOUND', 'DELIVERY_UNAVAILABLE');
export type WebhookDeliveryErrorCode = (typeof WEBHOOK_DELIVERY_ERROR_CODES)[number];

export async function listDeliveries(
  ctx: RequestContext,
  appId: string,
  page: PageRequest,
  status?: (typeof DELIVERY_STATUSES)[number] | null,
): Promise<WebhookDelivery[]> {
  const app = await findApp(ctx, appId);
  if (!app) return [];
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(WebhookDelivery, { app, ...(status ? { status } : {}), ...where }, { orderBy, limit, populate: ['event'] });
}

export function attemptsOf(ctx: RequestContext, delivery: WebhookDelivery): Promise<WebhookAttempt[]> {
  return ctx.em.find(WebhookAttempt, { delivery }, { orderBy: { attemptNumber: 'asc' } });
}

/** Sends one of the caller's events again to every active app, as fresh deliveries. */
export async function redeliverWebhook(
  ctx: RequestContext,
  deps: { webhookDelivery: DeliveryDeps | null },
  input: { eventId: string },
): Promise<Payload<{ deliveries: WebhookDelivery[] }, WebhookDeliveryErrorCode>> {
  tenantOf(ctx);
  const event = await ctx.em.findOne(OutboxEvent, { id: input.eventId });
  if (!event) return rejected(userError('NOT_FOUND', 'No event with this id.', ['input', 'eventId']));
  if (!deps.webhookDelivery) return rejected(userError('DELIVERY_UNAVAILABLE', 'This server does not deliver webhooks.', ['input', 'eventId']));
  return { deliveries: await redeliverEvent(ctx.em, deps.webhookDelivery, event), userErrors: [] };
}
