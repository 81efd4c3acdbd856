import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/domain/clock.ts';
import { requestContextFor, type Principal } from '../../server/modules/request-context.ts';
import { byTenant, platformJob } from '../../server/modules/tenancy/job-context.ts';
import { scopeToTenant, tenantEntities } from '../../server/modules/tenancy/tenant-scope.ts';
import { createBill, createEntity, payBill } from '../support/bills.ts';
import { deliverWebhook, invoiceWithLink, partnerPayload } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
const tenants: Array<{ businessId: string; testKey: string }> = [];

/** Everything a merchant makes, for one business: every kind of tenant row exists afterwards. */
async function busyBusiness(name: string) {
  const tenant = await onboardBusiness(server, { name });
  const { linkId } = await invoiceWithLink(server, tenant.testKey, { amountMinor: 5_000 });
  await deliverWebhook(server, partnerPayload(server, { paymentLinkId: linkId, amountKobo: 5_000 }));
  await createEntity(server, tenant.testKey, `E-${name}`);
  const bill = await createBill(server, tenant.testKey, { amountMinor: 1_000 });
  await payBill(server, { paymentRef: bill.paymentRef }, 1_000);
  await server.gql(
    `mutation { createTapToPaySession(input: { amountMinor: 700, description: "Tap", deviceId: "dev-1" }) { userErrors { code } } }`,
    {},
    { key: tenant.testKey },
  );
  await server.gql(
    `mutation { registerApp(input: { appId: "APP${name}", name: "Shop", callbackUrl: "https://93.184.216.34/hooks" }) { userErrors { code } } }`,
    {},
    { key: tenant.testKey },
  );
  return tenant;
}

beforeAll(async () => {
  server = await startTestServer();
  tenants.push(await busyBusiness('A'), await busyBusiness('B'));
});
afterAll(() => server.close());

describe('tenant rows are kept apart in one place', () => {
  it('covers every entity with a business and a mode, read from the metadata', () => {
    const names = tenantEntities(server.orm.em)
      .map((entity) => entity.name)
      .sort();
    expect(names).toEqual(
      expect.arrayContaining([
        'ApiKey',
        'App',
        'Bill',
        'Invoice',
        'JournalEntry',
        'LedgerAccount',
        'OutboxEvent',
        'Payment',
        'PaymentLink',
        'Receipt',
        'SettlementEntity',
        'TapToPaySession',
        'WebhookDelivery',
      ]),
    );
    // An entity that names its business must name its mode too, or the scope cannot cover it.
    for (const meta of server.orm.em.getMetadata().getAll().values()) {
      if (meta.properties.business && !meta.embeddable) expect(meta.properties.mode, `${meta.className} has a business but no mode`).toBeDefined();
    }
  });

  it("a business key's EntityManager sees, counts and changes only its own business and mode, whatever the query asks", async () => {
    const [a, b] = tenants as [(typeof tenants)[0], (typeof tenants)[0]];
    const scopedA = scopeToTenant(server.orm.em.fork(), { businessId: a.businessId, mode: 'TEST' });
    const liveA = scopeToTenant(server.orm.em.fork(), { businessId: a.businessId, mode: 'LIVE' });
    for (const entity of tenantEntities(server.orm.em)) {
      const table = server.orm.em.getMetadata().get(entity).tableName;
      const [counts] = await server.orm.em
        .getConnection()
        .execute<Array<{ a: string; b: string }>>(
          `select count(*) filter (where business_id = ? and mode = 'TEST') as a, count(*) filter (where business_id = ?) as b from "${table}"`,
          [a.businessId, b.businessId],
        );
      // Asked for everything, or for B's rows by name: A's scope answers A's rows only.
      expect(await scopedA.count(entity, {}), entity.name).toBe(Number(counts!.a));
      expect(await scopedA.count(entity, { business: b.businessId } as never), entity.name).toBe(0);
      expect(await liveA.count(entity, {}), entity.name).toBe(0);
      if (Number(counts!.b) > 0) expect(await scopedA.fork().find(entity, { business: b.businessId } as never), entity.name).toEqual([]);
    }
    // Writes too: an update or delete aimed at B's rows changes nothing.
    const { Invoice } = await import('../../server/modules/invoicing/invoice.entity.ts');
    expect(await scopedA.nativeUpdate(Invoice, { business: b.businessId }, { customerName: 'Mallory' })).toBe(0);
    expect(await scopedA.transactional((tx) => tx.nativeDelete(Invoice, { business: b.businessId }))).toBe(0);
  });

  it("refuses to write a row of another business or mode through a business key's EntityManager", async () => {
    const [a, b] = tenants as [(typeof tenants)[0], (typeof tenants)[0]];
    const { OutboxEvent } = await import('../../server/modules/outbox/outbox-event.entity.ts');
    const { Invoice } = await import('../../server/modules/invoicing/invoice.entity.ts');
    let probes = 0;
    const event = (business: string, mode: 'TEST' | 'LIVE') => ({
      id: `evt_probe_${++probes}`,
      business,
      mode,
      type: 'probe',
      payload: {},
      createdAt: new Date(),
    });
    const scopedA = () => scopeToTenant(server.orm.em, { businessId: a.businessId, mode: 'TEST' });
    const intoB = scopedA();
    intoB.create(OutboxEvent, event(b.businessId, 'TEST'));
    await expect(intoB.flush()).rejects.toThrow(/written through the scope of/);
    // Inside a transaction too, and for an update that moves an own row to the other mode.
    await expect(scopedA().transactional(async (tx) => tx.create(OutboxEvent, event(a.businessId, 'LIVE')))).rejects.toThrow(/written through the scope of/);
    const moved = scopedA();
    const invoice = await moved.findOneOrFail(Invoice, {});
    invoice.mode = 'LIVE';
    await expect(moved.flush()).rejects.toThrow(/written through the scope of/);
    const counts = await server.orm.em.fork().count(OutboxEvent, { type: 'probe' });
    expect(counts).toBe(0);
    // Its own rows it writes as ever.
    const own = scopedA();
    own.create(OutboxEvent, event(a.businessId, 'TEST'));
    await own.flush();
    await server.orm.em.fork().nativeDelete(OutboxEvent, { type: 'probe' });
  });

  it('gives a job one scoped context per business its rows name, and a platform job says it is one', async () => {
    const [a, b] = tenants as [(typeof tenants)[0], (typeof tenants)[0]];
    const { PaymentLink } = await import('../../server/modules/kinds/payment-link/payment-link.entity.ts');
    const { OutboxEvent } = await import('../../server/modules/outbox/outbox-event.entity.ts');
    const platform = platformJob(server.orm.em.fork(), systemClock);
    expect(platform.platform).toBe(true);
    // The platform job sees every business; it is the claim of a sweep.
    const everyone = await platform.em.find(PaymentLink, { business: { $in: [a.businessId, b.businessId] } });
    expect(new Set(everyone.map((link) => link.business.id))).toEqual(new Set([a.businessId, b.businessId]));
    const rows = everyone.map((link) => ({ businessId: link.business.id, mode: link.mode, id: link.id }));
    const groups = byTenant(platform, rows);
    expect(groups.map((group) => group.job.businessId).sort()).toEqual([a.businessId, b.businessId].sort());
    for (const { job, rows: own } of groups) {
      expect(job.platform).toBe(false);
      expect(own.every((row) => row.businessId === job.businessId && row.mode === job.mode)).toBe(true);
      // Its EntityManager is the business key's scope: it sees its own rows only and writes no others.
      expect((await job.em.find(PaymentLink, {})).every((link) => link.business.id === job.businessId)).toBe(true);
      const other = job.businessId === a.businessId ? b.businessId : a.businessId;
      job.em.create(OutboxEvent, { id: `evt_job_${other.slice(-8)}`, business: other, mode: 'TEST', type: 'probe', payload: {}, createdAt: new Date() });
      await expect(job.em.flush()).rejects.toThrow(/written through the scope of/);
    }
  });

  it('is what every request of a business key gets, and the public view reads by checkout id whoever asks', async () => {
    const [a, b] = tenants as [(typeof tenants)[0], (typeof tenants)[0]];
    const principal = {
      kind: 'API_KEY',
      apiKeyId: 'key_test',
      businessId: a.businessId,
      mode: 'TEST',
      scopes: [],
      business: { id: a.businessId },
    } as unknown as Principal;
    const ctx = requestContextFor({ orm: server.orm, clock: systemClock }, principal, 'test');
    const { PaymentLink } = await import('../../server/modules/kinds/payment-link/payment-link.entity.ts');
    const all = await ctx.em.find(PaymentLink, {});
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((link) => link.business.id === a.businessId)).toBe(true);
    const theirs = await ctx.publicEm.findOneOrFail(PaymentLink, { business: b.businessId });
    expect(await ctx.em.findOne(PaymentLink, { id: theirs.id })).toBeNull();
    expect(await ctx.publicEm.findOne(PaymentLink, { id: theirs.id })).not.toBeNull();
  });
});
