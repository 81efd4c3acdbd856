import { createRoute, z } from '@hono/zod-openapi';
import { minorDigits } from '../domain/money.ts';
import { formatMajorAmount, parseMajorAmount } from '../domain/till-aliases.ts';
import { Payment } from '../modules/payments/payment.entities.ts';
import { EntityNotApproved } from '../modules/settlement-entities/kyc-gate.ts';
import type { Chargeback, SettlementBatch, SettlementLineView } from '../modules/settlements/settlement.entities.ts';
import { findSettlementBatch, listSettlementBatches, listSettlementLines, reserveBalance } from '../modules/settlements/settlement-queries.ts';
import { recordChargeback, retrySettlementSubmission } from '../modules/settlements/settlements.service.ts';
import { settlementBatchMachine, type SettlementBatchStatus } from '../domain/settlements.ts';
import { decimalAmount } from './router-rest.ts';
import { badCursor, page, pageOf, pageQuery } from './rest/drf-paging.ts';
import { bearerSecurity, errorResponses, restError, restFamily, restHeaders, secured, userErrorResponse, type RestDeps } from './rest/rest-api.ts';

const FAMILY = 'router';
const TAGS = ['Router (seed 002)'];

const major = (minor: bigint, currency: string) => formatMajorAmount(minor, minorDigits(currency));
const iso = (at: Date | null | undefined) => at?.toISOString() ?? null;

const settlementSchema = z
  .object({
    id: z.string(),
    entity_id: z.string(),
    status: z.string().openapi({ description: 'pending → submitted → paid | failed; unknown: outcome not known yet (re-queried first).' }),
    trigger: z.string().openapi({ description: 'scheduled | manual' }),
    currency: z.string(),
    amount: z.string().openapi({ description: 'Paid out (major units): gross − reserve − fee.' }),
    gross: z.string(),
    reserve: z.string().openapi({ description: 'Held back in the reserve.' }),
    fee: z.string(),
    cutoff_at: z.string(),
    payments_up_to: z.string(),
    idempotency_key: z.string().openapi({ description: 'Sent with every submission of this batch, retries included.' }),
    attempt: z.number().int(),
    journal_entry_id: z.string(),
    machine_reference: z.string().nullable(),
    failure_reason: z.string().nullable(),
    submitted_at: z.string().nullable(),
    paid_at: z.string().nullable(),
    failed_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('Settlement');

const settlementExample = {
  id: 'stb_01JQ7N3W0K5ZB3S9D2R4XH8M6C',
  entity_id: 'ST-MARYS',
  status: 'submitted',
  trigger: 'scheduled',
  currency: 'TZS',
  amount: '1440.00',
  gross: '1600.00',
  reserve: '160.00',
  fee: '0.00',
  cutoff_at: '2026-03-03T00:00:00.000Z',
  payments_up_to: '2026-03-03T00:00:00.000Z',
  idempotency_key: 'stb_01JQ7N3W0K5ZB3S9D2R4XH8M6C',
  attempt: 1,
  journal_entry_id: 'je_01JQ7N3W0K5ZB3S9D2R4XH8M6D',
  machine_reference: null,
  failure_reason: null,
  submitted_at: '2026-03-03T00:01:00.000Z',
  paid_at: null,
  failed_at: null,
  created_at: '2026-03-03T00:01:00.000Z',
};

export function settlementView(batch: SettlementBatch): z.infer<typeof settlementSchema> {
  return {
    id: batch.id,
    entity_id: batch.settlementEntity.entityId,
    status: batch.status.toLowerCase(),
    trigger: batch.trigger.toLowerCase(),
    currency: batch.currency,
    amount: major(batch.amountMinor, batch.currency),
    gross: major(batch.grossMinor, batch.currency),
    reserve: major(batch.reserveMinor, batch.currency),
    fee: major(batch.feeMinor, batch.currency),
    cutoff_at: batch.cutoffAt.toISOString(),
    payments_up_to: batch.paymentsUpTo.toISOString(),
    idempotency_key: batch.idempotencyKey,
    attempt: batch.attempt,
    journal_entry_id: batch.journalEntryId,
    machine_reference: batch.machineReference ?? null,
    failure_reason: batch.failureReason ?? null,
    submitted_at: iso(batch.submittedAt),
    paid_at: iso(batch.paidAt),
    failed_at: iso(batch.failedAt),
    created_at: batch.createdAt.toISOString(),
  };
}

const lineSchema = z
  .object({
    id: z.string(),
    kind: z.string().openapi({ description: 'payment | reserve_hold | reserve_release | chargeback | payout_fee …' }),
    journal_entry_id: z.string(),
    payment_id: z.string().nullable(),
    amount: z.string().openapi({ description: 'Signed (major units): what it adds to the batch.' }),
    currency: z.string(),
  })
  .openapi('SettlementLine');

const lineView = (line: SettlementLineView): z.infer<typeof lineSchema> => ({
  id: line.id,
  kind: line.kind.toLowerCase(),
  journal_entry_id: line.journalEntryId,
  payment_id: line.paymentId ?? null,
  amount: major(line.amountMinor, line.currency),
  currency: line.currency,
});

const idParam = z.object({
  id: z
    .string()
    .max(40)
    .openapi({ param: { name: 'id', in: 'path' }, example: settlementExample.id }),
});

const reserveSchema = z
  .object({
    entity_id: z.string(),
    currency: z.string(),
    held: z.string().openapi({ description: 'Held now (major units).' }),
    holds: z.array(
      z.object({
        id: z.string(),
        settlement_id: z.string(),
        amount: z.string(),
        remaining: z.string().openapi({ description: 'Still held (chargebacks take from it first).' }),
        release_at: z.string(),
      }),
    ),
  })
  .openapi('ReserveBalance', {
    example: {
      entity_id: 'ST-MARYS',
      currency: 'TZS',
      held: '160.00',
      holds: [
        {
          id: 'rh_01JQ7N3W0K5ZB3S9D2R4XH8M6E',
          settlement_id: settlementExample.id,
          amount: '160.00',
          remaining: '160.00',
          release_at: '2026-03-10T00:01:00.000Z',
        },
      ],
    },
  });

const chargebackBody = z
  .object({
    payment_id: z.string().max(40),
    amount: decimalAmount.openapi({ description: "Major units of the payment's currency." }),
    currency: z.string().max(3).optional().openapi({ description: "The payment's currency, checked when sent." }),
    reason: z.string().max(500),
    entity_id: z.string().max(64).optional().openapi({ description: 'Which entity to debit, when the payment paid several.' }),
  })
  .openapi('RecordChargebackRequest', {
    example: { payment_id: 'pay_01JQ7N3W0K5ZB3S9D2R4XH8M6F', amount: '180.00', currency: 'TZS', reason: 'Customer disputed', entity_id: 'ST-MARYS' },
  });

const chargebackSchema = z
  .object({
    id: z.string(),
    payment_id: z.string(),
    entity_id: z.string(),
    currency: z.string(),
    amount: z.string(),
    from_reserve: z.string(),
    from_payable: z.string(),
    reason: z.string(),
    journal_entry_id: z.string(),
    created_at: z.string(),
  })
  .openapi('Chargeback');

export const chargebackView = (cb: Chargeback): z.infer<typeof chargebackSchema> => ({
  id: cb.id,
  payment_id: cb.paymentId,
  entity_id: cb.settlementEntity.entityId,
  currency: cb.currency,
  amount: major(cb.amountMinor, cb.currency),
  from_reserve: major(cb.fromReserveMinor, cb.currency),
  from_payable: major(cb.fromPayableMinor, cb.currency),
  reason: cb.reason,
  journal_entry_id: cb.journalEntryId,
  created_at: cb.createdAt.toISOString(),
});

const STATUSES = settlementBatchMachine.statuses.map((s) => s.toLowerCase()) as [string, ...string[]];

const routes = (deps: RestDeps) => ({
  list: createRoute({
    method: 'get',
    path: '/v1/settlements/',
    operationId: 'listSettlements',
    tags: TAGS,
    summary: 'List settlement batches',
    description: 'Newest first. `settlements:read`; GraphQL `settlements`. An unknown `entity_id` is an empty list.',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['settlements:read'])] as const,
    request: { query: z.object({ entity_id: z.string().max(64).optional(), status: z.enum(STATUSES).optional(), ...pageQuery }) },
    responses: {
      200: {
        description: 'A page of batches',
        content: {
          'application/json': {
            schema: pageOf(settlementSchema, 'SettlementPage').openapi({
              example: { next: 'https://pay.example.com/v1/settlements/?entity_id=ST-MARYS&cursor=YS5zdGJf', previous: null, results: [settlementExample] },
            }),
          },
        },
      },
      ...errorResponses(FAMILY, [400, 401, 403, 429, 500]),
    },
  }),
  lines: createRoute({
    method: 'get',
    path: '/v1/settlements/{id}/lines/',
    operationId: 'listSettlementLines',
    tags: TAGS,
    summary: "A batch's ledger lines",
    description: "In ledger order; they add up to the batch's amount. `settlements:read`; GraphQL `settlementLines`. Another business's batch is 404.",
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['settlements:read'])] as const,
    request: { params: idParam, query: z.object(pageQuery) },
    responses: {
      200: {
        description: 'A page of lines',
        content: {
          'application/json': {
            schema: pageOf(lineSchema, 'SettlementLinePage').openapi({
              example: {
                next: null,
                previous: null,
                results: [
                  {
                    id: '1',
                    kind: 'payment',
                    journal_entry_id: 'je_01JQ7N3W0K5ZB3S9D2R4XH8M6G',
                    payment_id: 'pay_01JQ7N3W0K5ZB3S9D2R4XH8M6F',
                    amount: '1600.00',
                    currency: 'TZS',
                  },
                  { id: '2', kind: 'reserve_hold', journal_entry_id: 'je_01JQ7N3W0K5ZB3S9D2R4XH8M6D', payment_id: null, amount: '-160.00', currency: 'TZS' },
                ],
              },
            }),
          },
        },
      },
      ...errorResponses(FAMILY, [400, 401, 403, 404, 429, 500]),
    },
  }),
  retry: createRoute({
    method: 'post',
    path: '/v1/settlements/{id}/retry-submission/',
    operationId: 'retrySettlementSubmission',
    tags: TAGS,
    summary: 'Re-attempt a failed batch',
    description:
      'With the same idempotency key towards the settlement machine (an unknown one is re-queried first). Only a failed batch (400 otherwise). `settlements:write`; GraphQL `retrySettlementSubmission`.',
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['settlements:write'])] as const,
    request: { params: idParam, headers: restHeaders },
    responses: {
      200: {
        description: 'Resubmitted',
        content: {
          'application/json': {
            schema: z
              .object({ settlement: settlementSchema })
              .openapi('SettlementResponse', { example: { settlement: { ...settlementExample, attempt: 2, failure_reason: null } } }),
          },
        },
      },
      ...errorResponses(FAMILY),
    },
  }),
  reserve: createRoute({
    method: 'get',
    path: '/v1/reserves/balance/',
    operationId: 'reserveBalance',
    tags: TAGS,
    summary: "An entity's held reserves",
    description: "`settlements:read`; GraphQL `reserveBalance`. An unknown `entity_id` (or another business's) is 404.",
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['settlements:read'])] as const,
    request: { query: z.object({ entity_id: z.string().max(64) }) },
    responses: {
      200: { description: 'The reserve', content: { 'application/json': { schema: reserveSchema } } },
      ...errorResponses(FAMILY, [400, 401, 403, 404, 429, 500]),
    },
  }),
  chargeback: createRoute({
    method: 'post',
    path: '/v1/reserves/chargeback/',
    operationId: 'recordChargeback',
    tags: TAGS,
    summary: 'Record a refund debit',
    description:
      "Taken from the entity's reserve first, then its payable; never more in total than the payment paid it. Send an Idempotency-Key. `settlements:write`; GraphQL `recordChargeback`.",
    security: bearerSecurity,
    middleware: [secured(deps, FAMILY, ['settlements:write'])] as const,
    request: { headers: restHeaders, body: { required: true, content: { 'application/json': { schema: chargebackBody } } } },
    responses: {
      201: {
        description: 'Recorded',
        content: {
          'application/json': {
            schema: z.object({ chargeback: chargebackSchema }).openapi('ChargebackResponse', {
              example: {
                chargeback: {
                  id: 'cb_01JQ7N3W0K5ZB3S9D2R4XH8M6H',
                  payment_id: 'pay_01JQ7N3W0K5ZB3S9D2R4XH8M6F',
                  entity_id: 'ST-MARYS',
                  currency: 'TZS',
                  amount: '180.00',
                  from_reserve: '160.00',
                  from_payable: '20.00',
                  reason: 'Customer disputed',
                  journal_entry_id: 'je_01JQ7N3W0K5ZB3S9D2R4XH8M6J',
                  created_at: '2026-03-05T09:00:00.000Z',
                },
              },
            }),
          },
        },
      },
      ...errorResponses(FAMILY),
    },
  }),
});

/** Seed 002's settlement and reserve routes: the services GraphQL's settlement resolvers call. */
export function settlementRest(deps: RestDeps) {
  const app = restFamily(FAMILY);
  const r = routes(deps);

  app.openapi(r.list, async (c) => {
    const query = c.req.valid('query');
    const status = query.status?.toUpperCase() as SettlementBatchStatus | undefined;
    const result = await page(
      c,
      query,
      (request) => listSettlementBatches(c.var.ctx, { entityId: query.entity_id, status }, request),
      (b) => b.id,
    );
    if (!result) return badCursor(c) as never;
    return c.json({ next: result.next, previous: result.previous, results: result.rows.map(settlementView) }, 200);
  });

  app.openapi(r.lines, async (c) => {
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    // Lines are tenant rows, so another business's batch would list none: say 404 instead.
    if (!(await findSettlementBatch(c.var.ctx, id))) return restError(c, FAMILY, 404, 'NOT_FOUND', `No settlement batch ${id}.`) as never;
    // Line cursors are their numbers, ascending: `after` is a later line.
    const result = await page(
      c,
      query,
      (request) => listSettlementLines(c.var.ctx, id, request),
      (line) => String(line.id),
    );
    if (!result) return badCursor(c) as never;
    return c.json({ next: result.next, previous: result.previous, results: result.rows.map(lineView) }, 200);
  });

  app.openapi(r.retry, async (c) => {
    const { id } = c.req.valid('param');
    try {
      const result = await retrySettlementSubmission(c.var.ctx, deps.services.settlements, { batchId: id });
      if (!result.settlementBatch) return userErrorResponse(c, FAMILY, result.userErrors) as never;
      return c.json({ settlement: settlementView(result.settlementBatch) }, 200);
    } catch (error) {
      if (error instanceof EntityNotApproved) return restError(c, FAMILY, 403, 'ENTITY_NOT_APPROVED', error.message, 'entity_not_approved') as never;
      throw error;
    }
  });

  app.openapi(r.reserve, async (c) => {
    const { entity_id } = c.req.valid('query');
    const reserve = await reserveBalance(c.var.ctx, entity_id);
    if (!reserve) return restError(c, FAMILY, 404, 'NOT_FOUND', `No settlement entity ${entity_id}.`) as never;
    return c.json(
      {
        entity_id: reserve.entityId,
        currency: reserve.currency,
        held: major(reserve.heldMinor, reserve.currency),
        holds: reserve.holds.map((hold) => ({
          id: hold.id,
          settlement_id: hold.batch.id,
          amount: major(hold.amountMinor, hold.currency),
          remaining: major(hold.remainingMinor, hold.currency),
          release_at: hold.releaseAt.toISOString(),
        })),
      },
      200,
    );
  });

  app.openapi(r.chargeback, async (c) => {
    const body = c.req.valid('json');
    // The amount is in the payment's currency: read it (tenant-scoped) to know its minor digits.
    const payment = await c.var.ctx.em.findOne(Payment, { id: body.payment_id });
    if (!payment) return restError(c, FAMILY, 404, 'NOT_FOUND', `No payment ${body.payment_id}.`) as never;
    if (body.currency !== undefined && body.currency !== payment.currency)
      return restError(c, FAMILY, 400, 'CURRENCY_MISMATCH', `The payment is in ${payment.currency}.`) as never;
    const amount = parseMajorAmount(body.amount, minorDigits(payment.currency));
    if (amount === null || amount === 0n)
      return restError(c, FAMILY, 400, 'INVALID_AMOUNT', `amount is not a positive amount of ${payment.currency}.`) as never;
    const result = await recordChargeback(c.var.ctx, deps.services.settlements, {
      paymentId: body.payment_id,
      amountMinor: Number(amount),
      reason: body.reason,
      entityId: body.entity_id,
    });
    if (!result.chargeback) return userErrorResponse(c, FAMILY, result.userErrors) as never;
    return c.json({ chargeback: chargebackView(result.chargeback) }, 201);
  });

  return app;
}
