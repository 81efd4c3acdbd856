import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/domain/ids.ts';
import { parseSecretsKey } from '../../server/domain/secret-box.ts';
import { verifyWebhook } from '../../server/domain/webhook-signature.ts';
import { dispatchOutboxEvents, performAttempts, type AttemptJob, type DeliveryDeps } from '../../server/modules/webhooks/delivery.service.ts';
import { platformJob, type PlatformJob } from '../../server/modules/tenancy/job-context.ts';
import { catalogueEntry } from '../../server/modules/outbox/event-catalogue.ts';
import { sendWebhook } from '../../server/modules/webhooks/sender.ts';
import { startReceiver } from '../support/receiver.ts';
import { onboardBusiness, startTestServer, TEST_SECRETS_KEY, type TestServer } from '../support/server.ts';

const REGISTER = `mutation ($input: RegisterAppInput!) { registerApp(input: $input) { webhookSecret userErrors { code } } }`;

describe('batched delivery (no queue: the test plays the workers)', () => {
  let server: TestServer;
  let key: string;
  let businessId: string;
  const queued: AttemptJob[] = [];
  let deps: DeliveryDeps;
  let platform: PlatformJob;
  beforeAll(async () => {
    server = await startTestServer({ config: { allowPrivateWebhookTargets: true } });
    platform = platformJob(server.orm.em, server.clock);
    ({ testKey: key, businessId } = await onboardBusiness(server));
    deps = {
      clock: server.clock,
      settings: { secretsKey: parseSecretsKey(TEST_SECRETS_KEY), allowPrivateTargets: true, retrySchedule: [0, 5_000] },
      enqueue: async (jobs) => void queued.push(...jobs.map(({ job }) => job)),
      enqueueNow: async (jobs) => void queued.push(...jobs),
    };
  });
  afterAll(() => server.close());

  async function writeEvents(count: number, forBusiness = businessId): Promise<string[]> {
    const ids = Array.from({ length: count }, () => newId('evt', server.clock.now()));
    for (const id of ids) {
      await server.orm.em
        .getConnection()
        .execute(`insert into outbox_event (id, business_id, mode, type, payload, created_at) values (?, ?, 'TEST', 'payment.received', ?, ?)`, [
          id,
          forBusiness,
          JSON.stringify({ ...catalogueEntry('payment.received')!.example, paymentId: `pay_${id}`, amountMinor: 100, currency: 'NGN', metadata: {} }),
          server.clock.now(),
        ]);
    }
    return ids;
  }

  it('performs each attempt once when two processes work the same jobs at the same time', async () => {
    const receiver = await startReceiver();
    try {
      const secret = (await server.gql(REGISTER, { input: { appId: 'TWICE', name: 'Twice', callbackUrl: `${receiver.url}/twice` } }, { key })).body.data
        .registerApp.webhookSecret;
      const events = await writeEvents(12);
      queued.length = 0;
      expect(await dispatchOutboxEvents(platform, deps)).toBe(12);
      const jobs = queued.splice(0);
      expect(jobs).toHaveLength(12);

      // Both "processes" hold every job (a re-queued duplicate, a queue retry): the claim decides.
      await Promise.all([performAttempts(platform, deps, jobs), performAttempts(platform, deps, [...jobs].reverse())]);
      expect(receiver.received.map((w) => w.headers['x-webhook-id']).sort()).toEqual([...events].sort());
      for (const webhook of receiver.received) {
        expect(verifyWebhook({ secret, headers: webhook.headers as Record<string, string>, rawBody: webhook.body, now: server.clock.now() }).ok).toBe(true);
      }
      const rows = await server.orm.em.getConnection().execute(
        `select d.status, d.attempts, d.claimed_at, count(a.id)::int as logged from webhook_delivery d join app on app.id = d.app_id
         left join webhook_attempt a on a.delivery_id = d.id where app.app_id = 'TWICE' group by d.id`,
      );
      expect(rows).toHaveLength(12);
      expect(rows.every((row: any) => row.status === 'SUCCEEDED' && row.attempts === 1 && row.claimed_at === null && row.logged === 1)).toBe(true);
      // A stale job for an attempt already made finds nothing to do.
      await performAttempts(platform, deps, jobs);
      expect(receiver.received).toHaveLength(12);
      expect(queued).toEqual([]);
    } finally {
      await server.gql(`mutation { disableApp(input: { appId: "TWICE" }) { app { status } } }`, {}, { key });
      await receiver.close();
    }
  });

  it('disables an endpoint that answers 410 once, with one notice, however many of its deliveries were in the batch', async () => {
    const receiver = await startReceiver(() => ({ status: 410 }));
    try {
      await server.gql(REGISTER, { input: { appId: 'GONE', name: 'Gone', callbackUrl: `${receiver.url}/gone` } }, { key });
      await writeEvents(5);
      queued.length = 0;
      await dispatchOutboxEvents(platform, deps);
      await performAttempts(platform, deps, queued.splice(0));
      expect(receiver.received).toHaveLength(5);
      const connection = server.orm.em.getConnection();
      expect(await connection.execute(`select status, disabled_reason from app where app_id = 'GONE'`)).toEqual([
        { status: 'DISABLED', disabled_reason: 'The endpoint answered 410 Gone.' },
      ]);
      const notices = await connection.execute(`select payload from outbox_event where type = 'webhook.endpoint_disabled'`);
      expect(notices).toHaveLength(1);
      expect(notices[0]!.payload).toMatchObject({ appId: 'GONE', callbackUrl: `${receiver.url}/gone` });
      const deliveries = await connection.execute(
        `select d.status, d.last_status_code from webhook_delivery d join app on app.id = d.app_id where app.app_id = 'GONE'`,
      );
      expect(deliveries).toEqual(Array.from({ length: 5 }, () => ({ status: 'FAILED', last_status_code: 410 })));
      expect(queued).toEqual([]); // no retries after 410
    } finally {
      await receiver.close();
    }
  });

  it("works one batch of several businesses, writing each business's deliveries and attempts as its own", async () => {
    const receiver = await startReceiver();
    const other = await onboardBusiness(server, { name: 'Other' });
    try {
      await server.gql(REGISTER, { input: { appId: 'MINE', name: 'Mine', callbackUrl: `${receiver.url}/mine` } }, { key });
      await server.gql(REGISTER, { input: { appId: 'THEIRS', name: 'Theirs', callbackUrl: `${receiver.url}/theirs` } }, { key: other.testKey });
      const events = [...(await writeEvents(3)), ...(await writeEvents(2, other.businessId))];
      queued.length = 0;
      expect(await dispatchOutboxEvents(platform, deps)).toBeGreaterThanOrEqual(5);
      await performAttempts(platform, deps, queued.splice(0));
      // The earlier test's endpoint_disabled notice is this business's event too, and goes out with them.
      expect(receiver.received.map((w) => w.headers['x-webhook-id'])).toEqual(expect.arrayContaining(events));
      const rows = await server.orm.em.getConnection().execute(
        `select d.business_id, e.business_id as event_business, app.business_id as app_business, d.status, count(a.id)::int as logged
         from webhook_delivery d join outbox_event e on e.id = d.event_id join app on app.id = d.app_id
         left join webhook_attempt a on a.delivery_id = d.id where e.id in (?) group by d.id, e.business_id, app.business_id`,
        [events],
      );
      expect(rows).toHaveLength(5);
      expect(new Set(rows.map((row: any) => row.business_id))).toEqual(new Set([businessId, other.businessId]));
      for (const row of rows as any[])
        expect(row).toMatchObject({ event_business: row.business_id, app_business: row.business_id, status: 'SUCCEEDED', logged: 1 });
    } finally {
      await server.gql(`mutation { disableApp(input: { appId: "MINE" }) { app { status } } }`, {}, { key });
      await server.gql(`mutation { disableApp(input: { appId: "THEIRS" }) { app { status } } }`, {}, { key: other.testKey });
      await receiver.close();
    }
  });
});

describe('sender', () => {
  let receiver: Server;
  let port: number;
  let connections = 0;
  let requests = 0;
  beforeAll(async () => {
    receiver = createServer((request, response) => {
      requests++;
      request.resume();
      request.on('end', () => response.end('ok'));
    });
    receiver.on('connection', () => connections++);
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('keeps the connection to a receiver alive between deliveries', async () => {
    const before = connections;
    for (let i = 0; i < 3; i++) expect((await sendWebhook(`http://127.0.0.1:${port}/keep`, {}, '{}', { allowPrivate: true })).statusCode).toBe(200);
    expect(connections - before).toBe(1);
  });

  it('refuses a private IP literal at send time, which no DNS lookup would catch', async () => {
    const before = requests;
    const result = await sendWebhook(`http://127.0.0.1:${port}/literal`, {}, '{}', { allowPrivate: false });
    expect(result).toMatchObject({ statusCode: null, error: '127.0.0.1 is a private address' });
    expect(requests).toBe(before);
  });

  it('never lends a connection opened where private targets are allowed to a delivery where they are not', async () => {
    expect((await sendWebhook(`http://localhost:${port}/pooled`, {}, '{}', { allowPrivate: true })).statusCode).toBe(200);
    const before = requests;
    const refused = await sendWebhook(`http://localhost:${port}/pooled`, {}, '{}', { allowPrivate: false });
    expect(refused).toMatchObject({ statusCode: null, error: 'localhost resolves to a private address' });
    expect(requests).toBe(before);
  });
});
