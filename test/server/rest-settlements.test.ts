import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLiveKey } from '../support/kyc.ts';
import { onboardBusiness } from '../support/server.ts';
import { CREATE_BATCH, RESERVE, settlementClient, SETTLEMENTS, startSettlementServer, type SettlementTestServer } from '../support/settlements.ts';
import { missingFields, restCall } from '../support/rest.ts';

// Seed 002's settlement and reserve routes, over the same services as GraphQL's settlement resolvers.
let t: SettlementTestServer;
let key: string;
let businessId: string;
let client: ReturnType<typeof settlementClient>;
beforeAll(async () => {
  t = await startSettlementServer('2026-03-02T10:00:00Z');
  ({ testKey: key, businessId } = await onboardBusiness(t.server, { name: 'Finova School', country: 'TZ', defaultCurrency: 'TZS' }));
  client = settlementClient(t, key);
});
afterAll(() => t.server.close());

// Calls carry this file's key unless a test names another.
const call = (method: string, path: string, options: Parameters<typeof restCall>[3] = {}) =>
  restCall(t.server.url, method, path, { ...options, key: options.key ?? key });

/** TZS has two minor digits: seed 002's amounts are decimal strings of major units. */
const tzs = (minor: number) => `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

let documentExamples: Record<string, any>;
let failedBatch: any;
let paymentId: string;

describe('seed 002 settlements over REST', () => {
  beforeAll(async () => {
    const doc = (await call('GET', '/openapi.json')).body;
    documentExamples = Object.fromEntries(Object.entries(doc.components.schemas as Record<string, any>).map(([name, schema]) => [name, schema.example]));
    await client.entity('ST-MARYS', { payoutSchedule: 'MANUAL', payoutMinAmount: 500, reservePercent: 10, reserveHoldDays: 7 });
    expect((await client.pay(100_000, [{ entityId: 'ST-MARYS', percentage: 80 }])).status).toBe(200);
    // The first batch fails at the machine, so there is something to retry.
    t.machine.setBehaviour(() => 'FAIL');
    const made = (await client.gql(CREATE_BATCH, { input: { entityId: 'ST-MARYS' } })).body.data.createSettlementBatch;
    expect(made.userErrors).toEqual([]);
    await t.deliverCallbacks();
    t.machine.setBehaviour(() => 'PAY');
    [failedBatch] = await client.batches('ST-MARYS');
    expect(failedBatch).toMatchObject({ status: 'FAILED', amount: { amountMinor: 72_000 }, reserve: { amountMinor: 8_000 } });
  });

  it('GET /v1/settlements/ lists batches in snake_case with decimal amounts, equal to GraphQL, paged by cursor links', async () => {
    const list = await call('GET', '/v1/settlements/?entity_id=ST-MARYS');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ next: null, previous: null });
    expect(list.body.results).toHaveLength(1);
    const [rest] = list.body.results;
    // REST == GraphQL for the same batch.
    expect(rest).toMatchObject({
      id: failedBatch.id,
      entity_id: failedBatch.entityId,
      status: 'failed',
      trigger: 'manual',
      currency: 'TZS',
      amount: tzs(failedBatch.amount.amountMinor),
      gross: tzs(failedBatch.gross.amountMinor),
      reserve: tzs(failedBatch.reserve.amountMinor),
      fee: tzs(failedBatch.fee.amountMinor),
      idempotency_key: failedBatch.idempotencyKey,
      attempt: failedBatch.attempt,
      journal_entry_id: failedBatch.journalEntryId,
      failure_reason: failedBatch.failureReason,
    });
    expect(rest.amount).toBe('720.00');
    expect(rest.failed_at).toMatch(/^2026-/);
    // Filters: by status, and an unknown entity is an empty list.
    expect((await call('GET', '/v1/settlements/?status=paid')).body.results).toEqual([]);
    expect((await call('GET', '/v1/settlements/?status=failed')).body.results.map((b: any) => b.id)).toEqual([failedBatch.id]);
    expect((await call('GET', '/v1/settlements/?entity_id=NOPE')).body.results).toEqual([]);
    expect((await call('GET', '/v1/settlements/?status=lost')).status).toBe(400);

    // A second batch: pages of one walk forward and back.
    // (A later instant: a second MANUAL batch at the same cut-off instant clashes in settlement-run.)
    t.clock.set('2026-03-02T11:00:00Z');
    await client.pay(20_000, [{ entityId: 'ST-MARYS', percentage: 80 }]);
    const second = (await client.gql(CREATE_BATCH, { input: { entityId: 'ST-MARYS' } })).body.data.createSettlementBatch.settlementBatch;
    const first = await call('GET', '/v1/settlements/?entity_id=ST-MARYS&page_size=1');
    expect(first.body.results.map((b: any) => b.id)).toEqual([second.id]);
    expect(first.body.previous).toBeNull();
    // The contract: every field of the documented example, with its JSON type.
    expect(missingFields(documentExamples.SettlementPage, first.body)).toEqual([]);
    expect(first.body.next).toMatch(/^http.*cursor=/);
    const next = await call('GET', first.body.next);
    expect(next.body.results.map((b: any) => b.id)).toEqual([failedBatch.id]);
    expect(next.body.next).toBeNull();
    const back = await call('GET', next.body.previous);
    expect(back.body.results.map((b: any) => b.id)).toEqual([second.id]);
    expect(back.body.previous).toBeNull();
    // Same order and ids as GraphQL's connection.
    const graphql = (await client.gql(SETTLEMENTS, { entityId: 'ST-MARYS' })).body.data.settlements.edges.map((e: any) => e.node.id);
    expect((await call('GET', '/v1/settlements/?entity_id=ST-MARYS')).body.results.map((b: any) => b.id)).toEqual(graphql);
    // A forged cursor or page size is 400 in the seed's { error, detail }.
    const forged = await call('GET', '/v1/settlements/?cursor=bm9wZQ');
    expect(forged.status).toBe(400);
    expect(forged.body).toEqual({ error: expect.any(String), detail: 'INVALID_CURSOR' });
    expect((await call('GET', '/v1/settlements/?page_size=1000')).status).toBe(400);
  });

  it('GET /v1/settlements/{id}/lines/ lists the ledger lines, equal to GraphQL, adding up to the batch', async () => {
    const answer = await call('GET', `/v1/settlements/${failedBatch.id}/lines/`);
    expect(answer.status).toBe(200);
    expect(missingFields(documentExamples.SettlementLinePage, answer.body)).toEqual([]);
    const graphql = await client.lines(failedBatch.id);
    expect(answer.body.results).toEqual(
      graphql.map((line: any) => ({
        id: line.id,
        kind: line.kind.toLowerCase(),
        journal_entry_id: line.journalEntryId,
        payment_id: line.paymentId,
        amount: tzs(line.amount.amountMinor),
        currency: 'TZS',
      })),
    );
    expect(answer.body.results.map((l: any) => l.kind)).toEqual(['payment', 'reserve_hold']);
    const total = graphql.reduce((sum: number, line: any) => sum + line.amount.amountMinor, 0);
    expect(total).toBe(failedBatch.amount.amountMinor);
    paymentId = answer.body.results[0].payment_id;
    expect(paymentId).toMatch(/^pay_/);
    // Paged one by one, forward and back.
    const one = await call('GET', `/v1/settlements/${failedBatch.id}/lines/?page_size=1`);
    expect(one.body.results.map((l: any) => l.kind)).toEqual(['payment']);
    const two = await call('GET', one.body.next);
    expect(two.body.results.map((l: any) => l.kind)).toEqual(['reserve_hold']);
    expect(two.body.next).toBeNull();
    expect((await call('GET', two.body.previous)).body.results.map((l: any) => l.kind)).toEqual(['payment']);
    expect((await call('GET', '/v1/settlements/stb_nope/lines/')).status).toBe(404);
  });

  it('POST /v1/settlements/{id}/retry-submission/ resubmits a failed batch once (idempotent replay), refuses a second retry', async () => {
    const before = t.machine.disbursements.filter((d) => d.idempotencyKey === failedBatch.idempotencyKey).length;
    const headers = { 'idempotency-key': `retry-${failedBatch.id}` };
    const retried = await call('POST', `/v1/settlements/${failedBatch.id}/retry-submission/`, { headers });
    expect(retried.status).toBe(200);
    expect(missingFields(documentExamples.SettlementResponse, retried.body)).toEqual([]);
    expect(retried.body.settlement).toMatchObject({
      id: failedBatch.id,
      status: 'submitted',
      attempt: 2,
      idempotency_key: failedBatch.idempotencyKey,
      failure_reason: null,
    });
    const replay = await call('POST', `/v1/settlements/${failedBatch.id}/retry-submission/`, { headers });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(retried.body);
    await t.deliverCallbacks({ times: 2 });
    expect(t.machine.disbursements.filter((d) => d.idempotencyKey === failedBatch.idempotencyKey)).toHaveLength(before + 1);
    // REST == GraphQL after the retry.
    const graphql = (await client.batches('ST-MARYS')).find((b: any) => b.id === failedBatch.id);
    expect(graphql).toMatchObject({ status: 'PAID', attempt: 2 });
    const rest = (await call('GET', '/v1/settlements/?status=paid')).body.results.find((b: any) => b.id === failedBatch.id);
    expect(rest).toMatchObject({ status: 'paid', attempt: 2, amount: tzs(graphql.amount.amountMinor) });
    // A paid batch is not retried: 400 with the service's code; nothing is submitted.
    const again = await call('POST', `/v1/settlements/${failedBatch.id}/retry-submission/`);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: expect.any(String), detail: [{ code: 'INVALID_STATE' }] });
    expect((await call('POST', '/v1/settlements/stb_nope/retry-submission/')).status).toBe(404);
    expect(t.machine.disbursements.filter((d) => d.idempotencyKey === failedBatch.idempotencyKey)).toHaveLength(before + 1);
  });

  it('GET /v1/reserves/balance/ and POST /v1/reserves/chargeback/ (reserve first, replayed once, bad input writes nothing)', async () => {
    const reserveOf = async () => (await call('GET', '/v1/reserves/balance/?entity_id=ST-MARYS')).body;
    const reserve = await reserveOf();
    expect(missingFields(documentExamples.ReserveBalance, reserve)).toEqual([]);
    const graphql = (await client.gql(RESERVE, { entityId: 'ST-MARYS' })).body.data.reserveBalance;
    expect(reserve).toEqual({
      entity_id: 'ST-MARYS',
      currency: 'TZS',
      held: tzs(graphql.held.amountMinor),
      holds: graphql.holds.map((h: any) => ({
        id: expect.stringMatching(/^\w+_/),
        settlement_id: h.batchId,
        amount: tzs(h.amount.amountMinor),
        remaining: tzs(h.remaining.amountMinor),
        release_at: h.releaseAt,
      })),
    });
    expect(reserve.held).toBe('96.00'); // 10 % of 800.00 and of 160.00
    expect((await call('GET', '/v1/reserves/balance/?entity_id=NOPE')).status).toBe(404);
    expect((await call('GET', '/v1/reserves/balance/')).status).toBe(400);

    const body = { payment_id: paymentId, amount: '100.00', currency: 'TZS', reason: 'Customer disputed', entity_id: 'ST-MARYS' };
    const headers = { 'idempotency-key': 'cb-1' };
    const recorded = await call('POST', '/v1/reserves/chargeback/', { body, headers });
    expect(recorded.status).toBe(201);
    expect(missingFields(documentExamples.ChargebackResponse, recorded.body)).toEqual([]);
    expect(recorded.body.chargeback).toMatchObject({
      payment_id: paymentId,
      entity_id: 'ST-MARYS',
      amount: '100.00',
      from_reserve: '96.00',
      from_payable: '4.00',
      currency: 'TZS',
    });
    // A retry with the key is the first answer; the same key with another body is 409; nothing is debited twice.
    const replay = await call('POST', '/v1/reserves/chargeback/', { body, headers });
    expect(replay.body).toEqual(recorded.body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await call('POST', '/v1/reserves/chargeback/', { body: { ...body, amount: '1.00' }, headers })).status).toBe(409);
    const after = await reserveOf();
    expect(after.held).toBe('0.00');
    expect(after).toEqual({ ...after, held: tzs((await client.gql(RESERVE, { entityId: 'ST-MARYS' })).body.data.reserveBalance.held.amountMinor) });

    // Bad input: the seed's status and { error, detail }; none of it writes.
    const refusals: Array<[Record<string, unknown>, number, unknown]> = [
      [{ ...body, amount: '700.01' }, 400, [expect.objectContaining({ code: 'EXCEEDS_PAID' })]],
      [{ ...body, currency: 'KES' }, 400, 'CURRENCY_MISMATCH'],
      [{ ...body, amount: '0' }, 400, 'INVALID_AMOUNT'],
      [{ ...body, amount: '1.005' }, 400, 'INVALID_AMOUNT'],
      [{ ...body, amount: 'ten' }, 400, expect.any(Array)],
      [{ ...body, reason: 'bad\u0000reason' }, 400, expect.any(Array)],
      [{ ...body, entity_id: 'NOPE' }, 400, [expect.objectContaining({ code: 'NOT_SETTLED_TO_ENTITY' })]],
      [{ ...body, payment_id: 'pay_nope' }, 404, 'NOT_FOUND'],
    ];
    for (const [input, status, detail] of refusals) {
      const answer = await call('POST', '/v1/reserves/chargeback/', { body: input });
      expect([input, answer.status, answer.body]).toEqual([input, status, { error: expect.any(String), detail }]);
    }
    expect((await call('POST', '/v1/reserves/chargeback/', { raw: '{"payment_id":' })).status).toBe(400);
    const payable = await client.balances('ST-MARYS');
    expect(payable.reserved).toBe(0);
    expect(payable.payable).toBe(-400); // only the one chargeback's 4.00 came from the payable
  });

  it('another business sees 404 (or nothing); a key without the scope is 403; no key is 401', async () => {
    const { testKey: other } = await onboardBusiness(t.server, { name: 'Intruder', country: 'TZ', defaultCurrency: 'TZS' });
    expect((await call('GET', '/v1/settlements/', { key: other })).body.results).toEqual([]);
    expect((await call('GET', `/v1/settlements/${failedBatch.id}/lines/`, { key: other })).status).toBe(404);
    expect((await call('POST', `/v1/settlements/${failedBatch.id}/retry-submission/`, { key: other })).status).toBe(404);
    expect((await call('GET', '/v1/reserves/balance/?entity_id=ST-MARYS', { key: other })).status).toBe(404);
    const stolen = await call('POST', '/v1/reserves/chargeback/', { key: other, body: { payment_id: paymentId, amount: '1.00', reason: 'x' } });
    expect(stolen.status).toBe(404);
    expect(stolen.body).toEqual({ error: expect.any(String), detail: 'NOT_FOUND' });

    const readOnly = await issueLiveKey(t.server, businessId, ['ledger:read']);
    const writeOnlyRead = await issueLiveKey(t.server, businessId, ['settlements:read']);
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/v1/settlements/'],
      ['GET', `/v1/settlements/${failedBatch.id}/lines/`],
      ['POST', `/v1/settlements/${failedBatch.id}/retry-submission/`],
      ['GET', '/v1/reserves/balance/?entity_id=ST-MARYS'],
      ['POST', '/v1/reserves/chargeback/', { payment_id: paymentId, amount: '1.00', reason: 'x' }],
    ];
    for (const [method, path, body] of calls) {
      const denied = await call(method, path, { key: readOnly, body });
      expect([path, denied.status, denied.body.detail?.missingScopes?.length]).toEqual([path, 403, 1]);
      expect(typeof denied.body.error).toBe('string');
      // Replaying with an Idempotency-Key does not get around the scope either.
      if (method === 'POST') {
        expect((await call(method, path, { key: writeOnlyRead, body, headers: { 'idempotency-key': `scope-${path}` } })).status).toBe(403);
      }
      const anonymous = await fetch(`${t.server.url}${path}`, { method });
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({ error: expect.any(String), detail: 'UNAUTHENTICATED' });
    }
  });
});
