import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveKeyFor, onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';
import { restCall } from '../support/rest.ts';

// An integrator reads back what they created, in each seed family's own style, and REST says what GraphQL says.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { publicUrl: 'https://pay.example.com' } });
});
afterAll(() => server.close());

const call = (method: string, path: string, options?: Parameters<typeof restCall>[3]) => restCall(server.url, method, path, options);

async function keyWith(businessId: string, scopes: string[]): Promise<string> {
  const result = await server.gql(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
    { input: { businessId, name: 'narrow', mode: 'TEST', scopes } },
    { key: TEST_ADMIN_KEY },
  );
  const secret = result.body.data.createApiKey.secret;
  if (!secret) throw new Error(JSON.stringify(result.body));
  return secret;
}

/** Walks a DRF page chain from `path` by its `next` links, collecting every result. */
async function walk(path: string, key: string): Promise<{ results: any[]; pages: any[] }> {
  const pages: any[] = [];
  let next: string | null = path;
  while (next) {
    const answer = await call('GET', next, { key });
    expect(answer.status).toBe(200);
    pages.push(answer.body);
    next = answer.body.next;
  }
  return { results: pages.flatMap((p) => p.results), pages };
}

describe('seed 002: apps, entities and Lipa numbers read back', () => {
  let tz: { businessId: string; testKey: string };
  let registered: any;
  let entity: any;
  const aliases: any[] = [];
  beforeAll(async () => {
    tz = await onboardBusiness(server, { name: 'Finova School Co', country: 'TZ', defaultCurrency: 'TZS' });
    const key = tz.testKey;
    registered = (
      await call('POST', '/v1/apps/', { key, body: { app_id: 'SCHOOLFEES', name: 'School Fee System', callback_url: 'https://93.184.216.34/hooks' } })
    ).body.app;
    for (const id of ['SHOP', 'CANTEEN']) {
      expect((await call('POST', '/v1/apps/', { key, body: { app_id: id, name: id, callback_url: 'https://93.184.216.34/hooks' } })).status).toBe(201);
    }
    const created = await call('POST', '/v1/apps/SCHOOLFEES/entities/', {
      key,
      body: {
        entity_id: 'ST-MARYS',
        name: 'St Marys Primary',
        settlement_method: 'mobile_money',
        msisdn: '+255712111222',
        mobile_provider: 'MPESA',
        payout_schedule: 'daily',
        payout_min_amount: '10000',
        payout_currency: 'TZS',
      },
    });
    expect(created.status).toBe(201);
    entity = created.body.entity;
    const bank = await call('POST', '/v1/apps/SCHOOLFEES/entities/', {
      key,
      body: {
        entity_id: 'ST-JUDE',
        name: 'St Jude',
        settlement_method: 'bank',
        bank_name: 'CRDB',
        bank_account_number: '0150123456',
        bank_account_name: 'St Jude',
      },
    });
    expect(bank.status).toBe(201);
    for (const [index, [entityId, amount]] of [
      ['ST-MARYS', '500000'],
      ['ST-JUDE', '1200.50'],
    ].entries()) {
      const alias = await call('POST', '/v1/till-aliases/', {
        key,
        body: { app_id: 'SCHOOLFEES', entity_id: entityId, name: `Term ${index}`, memo: `INV-${index}`, merchant_amount: amount, currency: 'TZS' },
        headers: { 'idempotency-key': `read-back-${index}` },
      });
      expect(alias.status).toBe(201);
      aliases.push(alias.body.till_alias);
    }
  });

  it('GET /v1/apps/ and /v1/apps/{app_id}/ answer what was registered (never the secret), as GraphQL does, paged by cursor links', async () => {
    const key = tz.testKey;
    const one = await call('GET', '/v1/apps/SCHOOLFEES/', { key });
    expect(one.status).toBe(200);
    const { webhook_secret: _secret, ...stored } = registered;
    expect(one.body).toEqual({ app: stored });
    expect(JSON.stringify(one.body)).not.toContain('whsec_');
    const graph = await server.gql(`{ app(appId: "SCHOOLFEES") { appId name callbackUrl status createdAt previousSecretExpiresAt } }`, {}, { key });
    const app = graph.body.data.app;
    expect(one.body.app).toEqual({
      app_id: app.appId,
      name: app.name,
      callback_url: app.callbackUrl,
      status: app.status.toLowerCase(),
      created_at: new Date(app.createdAt).toISOString(),
      previous_secret_expires_at: app.previousSecretExpiresAt,
    });

    const list = await call('GET', '/v1/apps/', { key });
    expect(list.body).toMatchObject({ next: null, previous: null });
    // Newest first.
    expect(list.body.results.map((a: any) => a.app_id)).toEqual(['CANTEEN', 'SHOP', 'SCHOOLFEES']);
    expect(list.body.results[2]).toEqual(one.body.app);
    const apps = (await server.gql(`{ apps { appId } }`, {}, { key })).body.data.apps.map((a: any) => a.appId);
    expect([...list.body.results.map((a: any) => a.app_id)].sort()).toEqual([...apps].sort());

    // Pages of one walk forward to the end and back again.
    const forward = await walk('/v1/apps/?page_size=1', key);
    expect(forward.results.map((a) => a.app_id)).toEqual(['CANTEEN', 'SHOP', 'SCHOOLFEES']);
    expect(forward.pages.map((p) => p.results.length)).toEqual([1, 1, 1]);
    const last = forward.pages.at(-1);
    expect(last.next).toBeNull();
    const back = await call('GET', last.previous, { key });
    expect(back.body.results.map((a: any) => a.app_id)).toEqual(['SHOP']);
    expect((await call('GET', '/v1/apps/?cursor=bm9wZQ', { key })).status).toBe(400);
    expect((await call('GET', '/v1/apps/?page_size=101', { key })).status).toBe(400);
    expect((await call('GET', '/v1/apps/NOPE/', { key })).body).toEqual({ error: 'No app with this app_id.', detail: 'NOT_FOUND' });
  });

  it('GET /v1/apps/{app_id}/entities/ and …/{entity_id}/ answer what was created, as GraphQL does', async () => {
    const key = tz.testKey;
    const one = await call('GET', '/v1/apps/SCHOOLFEES/entities/ST-MARYS/', { key });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ entity });
    const graph = await server.gql(
      `{ settlementEntity(entityId: "ST-MARYS") { entityId name settlementMethod msisdn mobileProvider payoutSchedule payoutCurrency kycStatus payoutMinAmount { amountMinor } } }`,
      {},
      { key },
    );
    const g = graph.body.data.settlementEntity;
    expect(one.body.entity).toMatchObject({
      entity_id: g.entityId,
      name: g.name,
      settlement_method: g.settlementMethod.toLowerCase(),
      msisdn: g.msisdn,
      mobile_provider: g.mobileProvider,
      payout_schedule: g.payoutSchedule.toLowerCase(),
      payout_currency: g.payoutCurrency,
      kyc_status: g.kycStatus.toLowerCase(),
      payout_min_amount: `${g.payoutMinAmount.amountMinor / 100}.00`,
    });

    const list = await call('GET', '/v1/apps/SCHOOLFEES/entities/', { key });
    expect(list.status).toBe(200);
    expect(list.body.results.map((e: any) => e.entity_id)).toEqual(['ST-JUDE', 'ST-MARYS']);
    expect(list.body.results[1]).toEqual(entity);
    expect(list.body.results[0]).toMatchObject({ settlement_method: 'bank', bank_name: 'CRDB', bank_account_number: '0150123456', msisdn: null });
    const edges = (await server.gql(`{ settlementEntities(first: 10) { edges { node { entityId } } } }`, {}, { key })).body.data.settlementEntities.edges;
    expect(edges.map((e: any) => e.node.entityId)).toEqual(list.body.results.map((e: any) => e.entity_id));
    const paged = await walk('/v1/apps/SCHOOLFEES/entities/?page_size=1', key);
    expect(paged.results.map((e) => e.entity_id)).toEqual(['ST-JUDE', 'ST-MARYS']);

    // Entities are the business's: every app lists them; an unknown app or entity is 404.
    expect((await call('GET', '/v1/apps/SHOP/entities/', { key })).body.results).toHaveLength(2);
    expect((await call('GET', '/v1/apps/NOPE/entities/', { key })).status).toBe(404);
    expect((await call('GET', '/v1/apps/NOPE/entities/ST-MARYS/', { key })).status).toBe(404);
    const missing = await call('GET', '/v1/apps/SCHOOLFEES/entities/NOPE/', { key });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: expect.any(String), detail: 'NOT_FOUND' });
  });

  it('GET /v1/till-aliases/ and /v1/till-aliases/{alias}/ answer what was issued, filtered and paged, as GraphQL does', async () => {
    const key = tz.testKey;
    const [first, second] = aliases;
    const one = await call('GET', `/v1/till-aliases/${first.alias}/`, { key });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ till_alias: first });
    const graph = await server.gql(
      `query ($alias: String!) { tillAlias(alias: $alias) { alias appId entityId name memo expectedTotalText currency isActive paymentUrl paymentMode } }`,
      { alias: second.alias },
      { key },
    );
    const g = graph.body.data.tillAlias;
    const rest = (await call('GET', `/v1/till-aliases/${second.alias}/`, { key })).body.till_alias;
    expect(rest).toMatchObject({
      alias: g.alias,
      app_id: g.appId,
      entity_id: g.entityId,
      name: g.name,
      memo: g.memo,
      expected_total: g.expectedTotalText,
      currency: g.currency,
      is_active: g.isActive,
      payment_url: g.paymentUrl,
      payment_mode: g.paymentMode.toLowerCase(),
      merchant_amount: '1200.50',
    });

    const list = await call('GET', '/v1/till-aliases/', { key });
    expect(list.body).toEqual({ next: null, previous: null, results: [second, first] });
    expect((await call('GET', '/v1/till-aliases/?entity_id=ST-MARYS', { key })).body.results).toEqual([first]);
    expect((await call('GET', '/v1/till-aliases/?app_id=SHOP', { key })).body.results).toEqual([]);
    expect((await call('GET', '/v1/till-aliases/?is_active=false', { key })).body.results).toEqual([]);
    expect((await call('GET', '/v1/till-aliases/?is_active=true&page_size=1', { key })).body.results).toEqual([second]);
    expect((await call('GET', '/v1/till-aliases/?is_active=yes', { key })).status).toBe(400);
    const paged = await walk('/v1/till-aliases/?page_size=1', key);
    expect(paged.results).toEqual([second, first]);

    // A number whose check digit fails is a typo, said so; a valid one nobody issued is plain 404.
    const typo = `${first.alias.slice(0, -1)}${(Number(first.alias.at(-1)) + 1) % 10}`;
    const typoAnswer = await call('GET', `/v1/till-aliases/${typo}/`, { key });
    expect(typoAnswer.status).toBe(404);
    expect(typoAnswer.body.detail).toBe('INVALID_LIPA_NUMBER');
  });

  it("answers another business's objects, and the other mode's, as not found; a key without the read scope is 403", async () => {
    const other = await onboardBusiness(server, { name: 'Nosy TZ', country: 'TZ', defaultCurrency: 'TZS' });
    const alias = aliases[0].alias;
    const reads = ['/v1/apps/SCHOOLFEES/', '/v1/apps/SCHOOLFEES/entities/', '/v1/apps/SCHOOLFEES/entities/ST-MARYS/', `/v1/till-aliases/${alias}/`];
    for (const path of reads) {
      const answer = await call('GET', path, { key: other.testKey });
      expect([path, answer.status]).toEqual([path, 404]);
      expect(JSON.stringify(answer.body)).not.toContain('St Marys');
    }
    expect((await call('GET', '/v1/apps/', { key: other.testKey })).body.results).toEqual([]);
    expect((await call('GET', '/v1/till-aliases/', { key: other.testKey })).body.results).toEqual([]);

    // The same business's live key sees only live objects.
    const live = await liveKeyFor(server, tz.businessId, ['apps:read', 'entities:read', 'till_alias:read']);
    for (const path of reads) expect([path, (await call('GET', path, { key: live })).status]).toEqual([path, 404]);
    expect((await call('GET', '/v1/apps/', { key: live })).body.results).toEqual([]);

    const writeOnly = await keyWith(tz.businessId, ['apps:write', 'entities:write', 'till_alias:create']);
    for (const [path, scope] of [
      ['/v1/apps/', 'apps:read'],
      ['/v1/apps/SCHOOLFEES/', 'apps:read'],
      ['/v1/apps/SCHOOLFEES/entities/', 'entities:read'],
      ['/v1/apps/SCHOOLFEES/entities/ST-MARYS/', 'entities:read'],
      ['/v1/till-aliases/', 'till_alias:read'],
      [`/v1/till-aliases/${alias}/`, 'till_alias:read'],
    ]) {
      const answer = await call('GET', path!, { key: writeOnly });
      expect([path, answer.status, answer.body.detail]).toEqual([path, 403, { missingScopes: [scope] }]);
    }
    expect((await call('GET', '/v1/apps/')).status).toBe(401);
  });
});

describe('seeds 001 and 004: payment requests read back', () => {
  let br: { businessId: string; testKey: string };
  const created: any[] = [];
  beforeAll(async () => {
    br = await onboardBusiness(server, { name: 'Loja Exemplo', country: 'BR', defaultCurrency: 'BRL' });
    for (const [orderId, amount] of [
      ['91', '100000'],
      ['92', '250099'],
      ['93', '5000'],
    ]) {
      const answer = await call('POST', '/api/v1/merchant/payment-requests', {
        key: br.testKey,
        body: { amount, currency: 'BRL', orderId, orderDescription: 'Product A; Product B;', customerTaxId: '28094307000118', merchantSubsidyType: 'none' },
      });
      expect(answer.status).toBe(201);
      created.push(answer.body);
    }
  });

  it('GET /api/v1/merchant/payment-requests/{id} answers what the creation answered, as GraphQL reads it', async () => {
    const [first] = created;
    const one = await call('GET', `/api/v1/merchant/payment-requests/${first.id}`, { key: br.testKey });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(first);
    const graph = await server.gql(
      `query ($id: ID!) { paymentRequest(id: $id) { id code url amount { amountMinor currency } orderId orderDescription customerTaxId expiresOn financingStatus existingBorrower merchantSubsidyType installmentsCountMin installmentsCountMax } }`,
      { id: first.id },
      { key: br.testKey },
    );
    const g = graph.body.data.paymentRequest;
    expect(one.body).toMatchObject({
      id: g.id,
      code: g.code,
      url: g.url,
      amount: Number(g.amount.amountMinor),
      currency: g.amount.currency,
      orderId: g.orderId,
      orderDescription: g.orderDescription,
      customerTaxId: g.customerTaxId,
      expiresOn: g.expiresOn,
      financingStatus: g.financingStatus.toLowerCase(),
      existingBorrower: g.existingBorrower,
      merchantSubsidyType: g.merchantSubsidyType.toLowerCase(),
      installmentsCountMin: g.installmentsCountMin,
      installmentsCountMax: g.installmentsCountMax,
    });
    const missing = await call('GET', '/api/v1/merchant/payment-requests/pr_nosuchrequest', { key: br.testKey });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'NOT_FOUND' }, requestId: expect.any(String) });
  });

  it('GET /api/v1/merchant/payment-requests lists them newest first in { data, nextCursor } pages, filtered by status', async () => {
    const key = br.testKey;
    const all = await call('GET', '/api/v1/merchant/payment-requests', { key });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ data: [...created].reverse(), nextCursor: null });
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer: any = await call('GET', `/api/v1/merchant/payment-requests?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { key });
      ids.push(...answer.body.data.map((r: any) => r.id));
      cursor = answer.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(ids).toEqual([...created].reverse().map((r) => r.id));
    const edges = (await server.gql(`{ paymentRequests(first: 10) { edges { node { id } } } }`, {}, { key })).body.data.paymentRequests.edges;
    expect(edges.map((e: any) => e.node.id)).toEqual(ids);
    expect((await call('GET', '/api/v1/merchant/payment-requests?status=open', { key })).body.data).toHaveLength(3);
    expect((await call('GET', '/api/v1/merchant/payment-requests?status=financed', { key })).body.data).toEqual([]);
    expect((await call('GET', '/api/v1/merchant/payment-requests?status=lost', { key })).status).toBe(400);
    expect((await call('GET', '/api/v1/merchant/payment-requests?limit=0', { key })).status).toBe(400);
  });

  it("answers another business's request, and the other mode's, as not found; a key without checkouts:read is 403", async () => {
    const [first] = created;
    const path = `/api/v1/merchant/payment-requests/${first.id}`;
    const other = await onboardBusiness(server, { name: 'Bisbilhoteira', country: 'BR', defaultCurrency: 'BRL' });
    expect((await call('GET', path, { key: other.testKey })).status).toBe(404);
    expect((await call('GET', '/api/v1/merchant/payment-requests', { key: other.testKey })).body.data).toEqual([]);
    const live = await liveKeyFor(server, br.businessId, ['checkouts:read']);
    expect((await call('GET', path, { key: live })).status).toBe(404);
    const writeOnly = await keyWith(br.businessId, ['checkouts:write']);
    for (const target of [path, '/api/v1/merchant/payment-requests']) {
      const answer = await call('GET', target, { key: writeOnly });
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatchObject({ code: 'FORBIDDEN', detail: { missingScopes: ['checkouts:read'] } });
    }
  });
});

describe('/openapi.json', () => {
  it('documents the read routes with examples', async () => {
    const document = (await call('GET', '/openapi.json')).body;
    for (const [path, operationId] of [
      ['/v1/apps/', 'listApps'],
      ['/v1/apps/{app_id}/', 'getApp'],
      ['/v1/apps/{app_id}/entities/', 'listEntities'],
      ['/v1/apps/{app_id}/entities/{entity_id}/', 'getEntity'],
      ['/v1/till-aliases/', 'listTillAliases'],
      ['/v1/till-aliases/{alias}/', 'getTillAlias'],
      ['/api/v1/merchant/payment-requests', 'listPaymentRequests'],
      ['/api/v1/merchant/payment-requests/{id}', 'getPaymentRequest'],
    ]) {
      const operation = document.paths[path!]?.get;
      expect([path, operation?.operationId]).toEqual([path, operationId]);
      const schema = operation.responses['200'].content['application/json'].schema;
      const name = schema.$ref?.split('/').at(-1);
      expect([path, document.components.schemas[name]?.example ?? schema.example]).toEqual([path, expect.anything()]);
    }
  });
});

describe('/openapi.json examples', () => {
  it("has an example for every operation's JSON request body and success answer", async () => {
    const document = (await call('GET', '/openapi.json')).body;
    const exampleOf = (media: any) => {
      if (media.example !== undefined || media.examples !== undefined) return media.example ?? media.examples;
      const schema = media.schema ?? {};
      const name = schema.$ref?.split('/').at(-1);
      return name ? document.components.schemas[name]?.example : schema.example;
    };
    const missing: string[] = [];
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(item)) {
        const body = operation.requestBody?.content?.['application/json'];
        if (body && exampleOf(body) === undefined) missing.push(`${method} ${path} request`);
        for (const [status, response] of Object.entries(operation.responses as Record<string, any>)) {
          const media = response.content?.['application/json'];
          if (status.startsWith('2') && media && exampleOf(media) === undefined) missing.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe("the quick start's REST section", () => {
  it('runs as written (base URL and key swapped in): a bill is created, then read back', async () => {
    const guide = readFileSync(new URL('../../docs/quick-start.md', import.meta.url), 'utf8');
    const section = guide.slice(guide.indexOf('## 3b.'), guide.indexOf('## 4.'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
    const [create, requery] = block.trim().split(/\n\s*\n/);
    const { testKey } = await onboardBusiness(server, { name: 'Quick Start Ltd' });
    const run = async (command: string) => {
      const { stdout } = await promisify(execFile)('bash', ['-c', command.replaceAll('http://127.0.0.1:4000', server.url).replaceAll('sk_test_…', testKey)]);
      return JSON.parse(stdout);
    };
    const created = await run(create!);
    expect(created).toMatchObject({
      success: true,
      data: { status: 'pending', amount: 150000, email: 'ada@example.com', paymentRef: expect.stringMatching(/^PB/) },
    });
    const read = await run(requery!.replace('PB…', created.data.paymentRef));
    expect(read).toMatchObject({
      success: true,
      data: { paymentRef: created.data.paymentRef, amountPaid: 0, outstanding: 150000, paymentUrl: created.data.paymentUrl },
    });
    // Every route the guide's table names is in /openapi.json.
    const document = (await call('GET', '/openapi.json')).body;
    const named = [...section.matchAll(/`(?:POST|GET|PUT)?\s*(\/[^`\s]+)`/g)]
      .map((m) => m[1]!)
      .filter((path) => !path.startsWith('/docs') && path !== '/openapi.json' && !path.includes('…'));
    expect(named.length).toBeGreaterThan(10);
    for (const path of named) expect([path, Object.keys(document.paths).includes(path)]).toEqual([path, true]);
  });
});
