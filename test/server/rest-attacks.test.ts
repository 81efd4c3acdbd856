import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../server/modules/webhooks/app.entity.ts';
import { Bill } from '../../server/modules/kinds/bill/bill.entities.ts';
import { PaymentRequest } from '../../server/modules/kinds/payment-request/payment-request.entities.ts';
import { TapToPaySession } from '../../server/modules/kinds/tap-to-pay/tap-to-pay-session.entity.ts';
import { TillAlias } from '../../server/modules/kinds/till-alias/till-alias.entity.ts';
import { SettlementEntity } from '../../server/modules/settlement-entities/settlement-entity.entity.ts';
import { liveKeyFor, onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';
import { restCall, type RestAnswer } from '../support/rest.ts';
import { deliverTips, tipsPayload } from '../support/till-aliases.ts';

// Issue 18's REST routes, probed as an attacker would, family by family: whatever the input, a 4xx
// in the family's own error shape, never a 500, and nothing written.
let server: TestServer;
let ng: { businessId: string; testKey: string };
let br: { businessId: string; testKey: string };
let tz: { businessId: string; testKey: string };
let billRef: string;
let requestId: string;
let alias: string;
beforeAll(async () => {
  server = await startTestServer({ config: { publicUrl: 'https://pay.example.com' } });
  ng = await onboardBusiness(server, { name: 'Finora Co' });
  br = await onboardBusiness(server, { name: 'Loja Exemplo', country: 'BR', defaultCurrency: 'BRL' });
  tz = await onboardBusiness(server, { name: 'Finova School', country: 'TZ', defaultCurrency: 'TZS' });
  billRef = (await call('POST', '/v1/checkout', { key: ng.testKey, body: { amount: 1000, email: 'user@gamil.com' } })).body.data.paymentRef;
  requestId = (await call('POST', '/api/v1/merchant/payment-requests', { key: br.testKey, body: { amount: '100000', merchantSubsidyType: 'none' } })).body.id;
  await call('POST', '/v1/apps/', { key: tz.testKey, body: { app_id: 'SCHOOLFEES', name: 'School Fee System', callback_url: 'https://93.184.216.34/hooks' } });
  await call('POST', '/v1/apps/SCHOOLFEES/entities/', {
    key: tz.testKey,
    body: { entity_id: 'ST-MARYS', name: 'St Marys Primary', settlement_method: 'mobile_money', msisdn: '+255712111222', mobile_provider: 'MPESA' },
  });
  alias = (
    await call('POST', '/v1/till-aliases/', {
      key: tz.testKey,
      body: { app_id: 'SCHOOLFEES', entity_id: 'ST-MARYS', name: 'Term 1', merchant_amount: '500000', currency: 'TZS' },
      headers: { 'idempotency-key': 'attack-setup' },
    })
  ).body.till_alias.alias;
});
afterAll(() => server.close());

function call(method: string, path: string, options?: Parameters<typeof restCall>[3]) {
  return restCall(server.url, method, path, options);
}

/** Rows of every table a refused request might have written. */
async function rows(): Promise<number[]> {
  const em = server.orm.em.fork();
  return Promise.all([
    em.count(App, {}),
    em.count(SettlementEntity, {}),
    em.count(TillAlias, {}),
    em.count(Bill, {}),
    em.count(TapToPaySession, {}),
    em.count(PaymentRequest, {}),
  ]);
}

type FamilyName = 'finora' | 'finove' | 'router';
/** The family's error shape, with our code where it puts one. */
function expectError(family: FamilyName, answer: RestAnswer, status: number, code?: string) {
  expect([answer.status, answer.body]).toEqual([
    status,
    family === 'finora'
      ? { success: false, error: expect.objectContaining({ code: code ?? expect.any(String), message: expect.any(String), requestId: expect.any(String) }) }
      : family === 'finove'
        ? { error: expect.objectContaining({ code: code ?? expect.any(String), message: expect.any(String) }), requestId: expect.any(String) }
        : { error: expect.any(String), detail: expect.anything() },
  ]);
  // Seed 002's detail is our code, or (for refused text) the paths of the fields that held it.
  if (family === 'router' && code === 'INVALID_TEXT') expect(answer.body.detail).toEqual(expect.any(Array));
  else if (family === 'router' && code) expect(answer.body.detail).toBe(code);
}

const keyOf = (family: FamilyName) => (family === 'finora' ? ng : family === 'finove' ? br : tz).testKey;

describe('NUL bytes', () => {
  it('in path parameters and queries are 400 INVALID_TEXT in the family shape, never a database error', async () => {
    const probes: Array<[FamilyName, string, string]> = [
      ['finora', 'GET', '/v1/checkout/requery/PB%00X'],
      ['finora', 'PUT', '/v1/checkout/PB%00X'],
      ['finora', 'POST', '/v1/businesses/biz%00/payments/generate-link'],
      ['finove', 'GET', '/api/v1/merchant/payment-requests/pr%00x'],
      ['finove', 'GET', '/api/v1/merchant/payment-requests?cursor=pr%00x'],
      ['finove', 'GET', '/api/v1/merchant/payments/fp%00x'],
      ['finove', 'GET', '/api/v1/merchant/payments?cursor=fp%00x'],
      ['router', 'GET', '/v1/apps/A%00/'],
      ['router', 'POST', '/v1/apps/A%00/rotate-webhook-secret/'],
      ['router', 'GET', '/v1/apps/SCHOOLFEES/entities/E%00/'],
      ['router', 'GET', '/v1/till-aliases/6%00/'],
      ['router', 'GET', '/v1/till-aliases/?app_id=%00'],
      ['router', 'GET', '/v1/settlements/?entity_id=%00'],
      ['router', 'GET', '/v1/settlements/x%00/lines/'],
      ['router', 'GET', '/v1/reserves/balance/?entity_id=%00'],
    ];
    for (const [family, method, path] of probes) {
      const body = method === 'GET' ? undefined : method === 'PUT' ? { amount: 5 } : family === 'finora' ? { invoiceId: 'inv_x' } : {};
      const answer = await call(method, path, { key: keyOf(family), body });
      expect([method, path, answer.status]).toEqual([method, path, 400]);
      expectError(family, answer, 400, 'INVALID_TEXT');
    }
  });

  it('in JSON strings and keys are refused in every family, writing nothing', async () => {
    const before = await rows();
    const probes: Array<[FamilyName, string, unknown]> = [
      ['finora', '/v1/checkout', { amount: 1000, email: 'user@gamil.com', externalRef: 'x\u0000' }],
      ['finora', `/v1/businesses/${ng.businessId}/payments/tap-to-pay`, { amountKobo: 100, description: 'Table\u00004', deviceId: 'dev_001' }],
      ['finove', '/api/v1/merchant/payment-requests', { amount: '100000', merchantSubsidyType: 'none', orderDescription: 'A\u0000' }],
      ['finove', '/api/v1/merchant/payment-requests', { amount: '100000', merchantSubsidyType: 'none', meta: { 'key\u0000': 1 } }],
      ['router', '/v1/apps/', { app_id: 'NUL', name: 'N\u0000', callback_url: 'https://93.184.216.34/hooks' }],
      ['router', '/v1/apps/SCHOOLFEES/entities/', { entity_id: 'NUL', name: 'N', settlement_method: 'bank', bank_name: 'C\u0000' }],
    ];
    for (const [family, path, body] of probes) {
      const answer = await call('POST', path, { key: keyOf(family), body, headers: { 'idempotency-key': `nul-${path}-${JSON.stringify(body).length}` } });
      expect([path, answer.status]).toEqual([path, 400]);
      expectError(family, answer, 400, 'INVALID_TEXT');
    }
    expect(await rows()).toEqual(before);
  });
});

describe('huge bodies', () => {
  it('past MAX_BODY_BYTES (256 KiB) are 413 PAYLOAD_TOO_LARGE in each family, and the connection closes', async () => {
    const before = await rows();
    const blob = 'x'.repeat(300 * 1024);
    const probes: Array<[FamilyName, string, string, unknown]> = [
      ['finora', 'POST', '/v1/checkout', { amount: 1000, email: 'user@gamil.com', narration: blob }],
      ['finora', 'PUT', `/v1/checkout/${billRef}`, { narration: blob }],
      ['finove', 'POST', '/api/v1/merchant/payment-requests', { amount: '100000', merchantSubsidyType: 'none', orderDescription: blob }],
      ['router', 'POST', '/v1/apps/', { app_id: 'BIG', name: blob, callback_url: 'https://93.184.216.34/hooks' }],
      ['router', 'POST', '/v1/till-aliases/', { app_id: 'SCHOOLFEES', entity_id: 'ST-MARYS', name: blob, merchant_amount: '1', currency: 'TZS' }],
      ['router', 'POST', '/v1/reserves/chargeback/', { payment_id: 'pay_x', amount: '1', reason: blob }],
    ];
    for (const [family, method, path, body] of probes) {
      const answer = await call(method, path, { key: keyOf(family), body, headers: { 'idempotency-key': `big-${path}` } });
      expect([path, answer.status]).toEqual([path, 413]);
      expectError(family, answer, 413, 'PAYLOAD_TOO_LARGE');
      expect(answer.headers.get('connection')).toBe('close');
    }
    // A body that lies about its length is cut off at the limit all the same (chunked, no Content-Length).
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 6; i++)
          controller.enqueue(new TextEncoder().encode(i === 0 ? '{"amount":1000,"email":"user@gamil.com","narration":"' : 'y'.repeat(64 * 1024)));
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
      },
    });
    const streamed = await fetch(`${server.url}/v1/checkout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ng.testKey}`, 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await rows()).toEqual(before);
  });
});

describe('keys', () => {
  it("a revoked key is 401 in every family's shape, at once", async () => {
    const probes: Array<[FamilyName, string, string, string[]]> = [
      ['finora', 'GET', `/v1/checkout/requery/${billRef}`, ['checkouts:read']],
      ['finove', 'GET', `/api/v1/merchant/payment-requests/${requestId}`, ['checkouts:read']],
      ['router', 'GET', '/v1/apps/SCHOOLFEES/', ['apps:read']],
    ];
    for (const [family, method, path, scopes] of probes) {
      const business = family === 'finora' ? ng : family === 'finove' ? br : tz;
      const created = await server.gql(
        `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`,
        { input: { businessId: business.businessId, name: 'doomed', mode: 'TEST', scopes } },
        { key: TEST_ADMIN_KEY },
      );
      const { apiKey, secret } = created.body.data.createApiKey;
      expect((await call(method, path, { key: secret })).status).toBe(200);
      await server.gql(`mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { id } } }`, { id: apiKey.id }, { key: business.testKey });
      const answer = await call(method, path, { key: secret });
      expectError(family, answer, 401, 'UNAUTHENTICATED');
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it("a live key sees none of the business's test objects (404), and cannot write through a test object", async () => {
    const live = await liveKeyFor(server, ng.businessId, ['checkouts:read', 'checkouts:write']);
    expectError('finora', await call('GET', `/v1/checkout/requery/${billRef}`, { key: live }), 404, 'NOT_FOUND');
    expectError('finora', await call('PUT', `/v1/checkout/${billRef}`, { key: live, body: { amount: 5 } }), 404);
    const liveBr = await liveKeyFor(server, br.businessId, ['checkouts:read']);
    expectError('finove', await call('GET', `/api/v1/merchant/payment-requests/${requestId}`, { key: liveBr }), 404, 'NOT_FOUND');
    const liveTz = await liveKeyFor(server, tz.businessId, ['till_alias:read', 'till_alias:create', 'apps:write']);
    expectError('router', await call('GET', `/v1/till-aliases/${alias}/`, { key: liveTz }), 404, 'NOT_FOUND');
    expectError('router', await call('POST', '/v1/apps/SCHOOLFEES/rotate-webhook-secret/', { key: liveTz }), 404);
    const before = await rows();
    const aliasByLive = await call('POST', '/v1/till-aliases/', {
      key: liveTz,
      body: { app_id: 'SCHOOLFEES', entity_id: 'ST-MARYS', name: 'x', merchant_amount: '1', currency: 'TZS' },
      headers: { 'idempotency-key': 'live-on-test' },
    });
    expectError('router', aliasByLive, 404);
    expect(await rows()).toEqual(before);
  });

  it('a key that is not a secret key, or is malformed, is 401', async () => {
    for (const authorization of [`Bearer ${TEST_ADMIN_KEY}x`, 'Bearer sk_test_', 'Basic dXNlcjpwYXNz', `Bearer ${ng.testKey}\u0000`.replace('\u0000', '%00')]) {
      const answer = await call('GET', `/v1/checkout/requery/${billRef}`, { headers: { authorization } });
      expect([authorization, answer.status]).toEqual([authorization, 401]);
    }
  });
});

describe('amounts', () => {
  it('negative, fractional, zero, 1e21 and over-long amounts are 400 in every family, writing nothing', async () => {
    const before = await rows();
    const probes: Array<[FamilyName, string, unknown]> = [];
    for (const amount of [-1, 0, 1.5, 1e21, Number.MAX_SAFE_INTEGER + 2, '1000']) {
      probes.push(['finora', '/v1/checkout', { amount, email: 'user@gamil.com' }]);
      probes.push(['finora', `/v1/businesses/${ng.businessId}/payments/tap-to-pay`, { amountKobo: amount, description: 'x', deviceId: 'dev_001' }]);
    }
    for (const amount of ['-100', '0', '1.5', '1e21', '1000000000000000000000', ' 100', '100 ', '１００', -100, 1.5, 1e21]) {
      probes.push(['finove', '/api/v1/merchant/payment-requests', { amount, merchantSubsidyType: 'none' }]);
    }
    for (const amount of ['-1', '0', '1.505', '1e21', '9999999999999999', '1,000', '.5', 'NaN', 500000]) {
      probes.push(['router', '/v1/till-aliases/', { app_id: 'SCHOOLFEES', entity_id: 'ST-MARYS', name: 'x', merchant_amount: amount, currency: 'TZS' }]);
    }
    for (const amount of ['-1', '1e21', '99999999999999999']) {
      probes.push(['router', '/v1/apps/SCHOOLFEES/entities/', { entity_id: 'AMT', name: 'x', settlement_method: 'bank', payout_min_amount: amount }]);
    }
    for (const [index, [family, path, body]] of probes.entries()) {
      const answer = await call('POST', path, { key: keyOf(family), body, headers: { 'idempotency-key': `amount-${index}` } });
      expect([path, body, answer.status]).toEqual([path, body, 400]);
      expectError(family, answer, 400);
    }
    expect(await rows()).toEqual(before);
  });
});

describe('content types', () => {
  it('a JSON route refuses a body of another type (text, form, multipart) with 400, writing nothing', async () => {
    const before = await rows();
    const json = JSON.stringify({ amount: 1000, email: 'user@gamil.com' });
    const form = new FormData();
    form.set('amount', '1000');
    form.set('email', 'user@gamil.com');
    const probes: Array<[FamilyName, string, RequestInit]> = [
      ['finora', '/v1/checkout', { body: json, headers: { 'content-type': 'text/plain' } }],
      ['finora', '/v1/checkout', { body: 'amount=1000&email=user%40gamil.com', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
      ['finora', '/v1/checkout', { body: form }],
      ['finora', '/v1/checkout', { body: json, headers: {} }],
      [
        'finove',
        '/api/v1/merchant/payment-requests',
        { body: JSON.stringify({ amount: '100', merchantSubsidyType: 'none' }), headers: { 'content-type': 'text/plain' } },
      ],
      [
        'router',
        '/v1/apps/',
        { body: JSON.stringify({ app_id: 'CT', name: 'x', callback_url: 'https://93.184.216.34/h' }), headers: { 'content-type': 'text/xml' } },
      ],
    ];
    for (const [family, path, init] of probes) {
      const key = keyOf(family);
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        ...init,
        headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string> | undefined) },
      });
      const answer = { status: response.status, headers: response.headers, body: await response.json() };
      expect([path, init.headers, answer.status]).toEqual([path, init.headers, 400]);
      expectError(family, answer, 400);
    }
    expect(await rows()).toEqual(before);
  });
});

describe('rate limits and request ids', () => {
  it("spend one per-key limit on every family's routes, answering 429 with Retry-After in the family's shape", async () => {
    const limited = await startTestServer({ databaseUrl: server.databaseUrl, config: { rateLimit: { points: 3, windowSeconds: 3600 } } });
    try {
      const probes: Array<[FamilyName, typeof ng, string, string[]]> = [
        ['finora', ng, `/v1/checkout/requery/${billRef}`, ['checkouts:read']],
        ['finove', br, `/api/v1/merchant/payment-requests/${requestId}`, ['checkouts:read']],
        ['router', tz, '/v1/apps/SCHOOLFEES/', ['apps:read']],
      ];
      for (const [family, business, path, scopes] of probes) {
        // A fresh key: its budget is its own.
        const created = await server.gql(
          `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
          { input: { businessId: business.businessId, name: 'limited', mode: 'TEST', scopes } },
          { key: TEST_ADMIN_KEY },
        );
        const key = created.body.data.createApiKey.secret;
        const answers: RestAnswer[] = [];
        for (let i = 0; i < 4; i++) answers.push(await restCall(limited.url, 'GET', path, { key }));
        expect([family, answers.map((a) => a.status)]).toEqual([family, [200, 200, 200, 429]]);
        expectError(family, answers[3]!, 429, 'RATE_LIMITED');
        expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    } finally {
      await limited.stop();
    }
  });

  it("echo the caller's X-Request-Id on answers and errors of every family (finora and finove errors carry it in the body)", async () => {
    const probes: Array<[FamilyName, string, string]> = [
      ['finora', `/v1/checkout/requery/${billRef}`, '/v1/checkout/requery/PBNOSUCHBILL1'],
      ['finove', `/api/v1/merchant/payment-requests/${requestId}`, '/api/v1/merchant/payment-requests/pr_nosuch'],
      ['router', '/v1/apps/SCHOOLFEES/', '/v1/apps/NOSUCH/'],
    ];
    for (const [family, found, missing] of probes) {
      const ok = await call('GET', found, { key: keyOf(family), headers: { 'x-request-id': `req_${family}_ok` } });
      expect([ok.status, ok.headers.get('x-request-id')]).toEqual([200, `req_${family}_ok`]);
      const notFound = await call('GET', missing, { key: keyOf(family), headers: { 'x-request-id': `req_${family}_404` } });
      expectError(family, notFound, 404, 'NOT_FOUND');
      expect(notFound.headers.get('x-request-id')).toBe(`req_${family}_404`);
      if (family === 'finora') expect(notFound.body.error.requestId).toBe('req_finora_404');
      if (family === 'finove') expect(notFound.body.requestId).toBe('req_finove_404');
      // Minted when the caller sends none.
      const minted = await call('GET', missing, { key: keyOf(family) });
      expect(minted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("seed 002's 500", () => {
  it('is the TIPS webhook whose raw payload could not be kept: nothing applied, and the retry lands once', async () => {
    const payload = tipsPayload({ utilityref: alias, amount: '502500', transid: '504-APCTZ-KEPT' });
    const connection = server.orm.em.getConnection();
    const paid = async () => (await call('GET', `/v1/till-aliases/${alias}/`, { key: tz.testKey })).body.till_alias;
    await connection.execute('alter table partner_webhook_delivery rename to partner_webhook_delivery_away');
    let failed: Awaited<ReturnType<typeof deliverTips>>;
    try {
      failed = await deliverTips(server, payload);
    } finally {
      await connection.execute('alter table partner_webhook_delivery_away rename to partner_webhook_delivery');
    }
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ error: expect.any(String), detail: 'NOT_PERSISTED' });
    expect(await paid()).toMatchObject({ is_active: true });
    const [before] = await connection.execute<Array<{ n: string }>>(`select count(*) as n from payment where currency = 'TZS'`);
    const retried = await deliverTips(server, payload);
    expect(retried.status).toBe(200);
    expect((await deliverTips(server, payload)).status).toBe(200);
    const [after] = await connection.execute<Array<{ n: string }>>(`select count(*) as n from payment where currency = 'TZS'`);
    expect(Number(after!.n) - Number(before!.n)).toBe(1);
  });
});
