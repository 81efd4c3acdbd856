import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { deliverWebhook, invoiceWithLink, partnerPayload } from '../support/money-path.ts';
import { onboardBusiness, startTestServer, type TestServer } from '../support/server.ts';

const CHECKOUT_FIELDS =
  'id kind merchantName status total { amountMinor currency } amountPaid { amountMinor } amountDue { amountMinor } minorDigits allowPartialPayment invoiceNumber receiptNumber testMode';

let serverA: TestServer;
let serverB: TestServer;
let key: string;
beforeAll(async () => {
  serverA = await startTestServer();
  // A second process on the same database: the webhook lands there, the subscriber is on A.
  serverB = await startTestServer({ databaseUrl: serverA.databaseUrl, clock: serverA.clock });
  ({ testKey: key } = await onboardBusiness(serverA, { name: 'Live Shop' }));
});
afterAll(async () => {
  await serverB.close();
  await serverA.close();
});

describe('the public checkout', () => {
  it('shows customer-safe fields to anyone with the id, and nothing for an unknown id', async () => {
    const { linkId, paymentLink } = await invoiceWithLink(serverA, key, { amountMinor: 12_345 });
    const result = await serverA.gql(`query ($id: ID!) { checkout(id: $id) { ${CHECKOUT_FIELDS} } }`, { id: linkId });
    expect(result.body.data.checkout).toEqual({
      id: linkId,
      kind: 'PAYMENT_LINK',
      merchantName: 'Live Shop',
      status: 'ACTIVE',
      total: { amountMinor: 12_345, currency: 'NGN' },
      amountPaid: { amountMinor: 0 },
      amountDue: { amountMinor: 12_345 },
      minorDigits: 2,
      allowPartialPayment: false,
      invoiceNumber: paymentLink.invoice.number,
      receiptNumber: null,
      testMode: true,
    });
    expect((await serverA.gql(`{ checkout(id: "pl_nothing") { id } }`)).body.data.checkout).toBeNull();

    const fields = (await serverA.gql(`{ __type(name: "Checkout") { fields { name } } }`)).body.data.__type.fields.map((f: any) => f.name);
    // The customer's own name is shown since issue 17 (what the invoice is addressed to); their email never is.
    for (const secret of ['metadata', 'callbackUrl', 'customerEmail', 'business']) expect(fields).not.toContain(secret);
  });

  it('pushes the paid state to a subscriber on another process', async () => {
    const { linkId } = await invoiceWithLink(serverA, key, { amountMinor: 5_000 });
    const client = createClient({ url: `${serverA.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const updates: any[] = [];
    const subscribed = new Promise<void>((resolve, reject) => {
      client.on('connected', () => resolve());
      client.subscribe(
        { query: `subscription ($id: ID!) { checkoutUpdated(id: $id) { status amountDue { amountMinor } receiptNumber } }`, variables: { id: linkId } },
        { next: (value) => updates.push(value.data?.checkoutUpdated), error: reject, complete: () => {} },
      );
    });
    try {
      await subscribed;
      await new Promise((resolve) => setTimeout(resolve, 200)); // the subscription is registered server-side
      const started = Date.now();
      const delivery = await deliverWebhook(serverB, partnerPayload(serverB, { paymentLinkId: linkId, amountKobo: 5_000 }));
      expect(delivery.status).toBe(200);
      while (!updates.length && Date.now() - started < 5_000) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(updates[0]).toEqual({ status: 'PAID', amountDue: { amountMinor: 0 }, receiptNumber: delivery.body.data.receiptNumber });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await client.dispose();
    }
  });

  it('many sockets on one checkout share one execution: each gets every update; one leaving stops no one', async () => {
    const { linkId: shared } = await invoiceWithLink(serverA, key, { amountMinor: 9_000, allowPartialPayment: true });
    const { linkId: other } = await invoiceWithLink(serverA, key, { amountMinor: 7_000, allowPartialPayment: true });
    const QUERY = `subscription ($id: ID!) { checkoutUpdated(id: $id) { id amountDue { amountMinor } } }`;
    const follow = async (id: string) => {
      const client = createClient({ url: `${serverA.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
      const updates: any[] = [];
      let stop = () => {};
      await new Promise<void>((resolve, reject) => {
        client.on('connected', () => resolve());
        stop = client.subscribe(
          { query: QUERY, variables: { id } },
          { next: (value) => updates.push(value.data?.checkoutUpdated), error: reject, complete: () => {} },
        );
      });
      return { client, updates, stop: () => stop() };
    };
    const until = async (check: () => boolean) => {
      const started = Date.now();
      while (!check() && Date.now() - started < 5_000) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    const followers = await Promise.all([follow(shared), follow(shared), follow(shared), follow(other)]);
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await deliverWebhook(serverB, partnerPayload(serverB, { paymentLinkId: shared, amountKobo: 1_000 }));
      await until(() => followers.slice(0, 3).every((f) => f.updates.length === 1));
      for (const f of followers.slice(0, 3)) expect(f.updates).toEqual([{ id: shared, amountDue: { amountMinor: 8_000 } }]);
      // The first subscriber (whose subscription the others joined) leaves; the rest still hear.
      followers[0]!.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await deliverWebhook(serverB, partnerPayload(serverB, { paymentLinkId: shared, amountKobo: 2_000 }));
      await until(() => followers.slice(1, 3).every((f) => f.updates.length === 2));
      for (const f of followers.slice(1, 3)) expect(f.updates[1]).toEqual({ id: shared, amountDue: { amountMinor: 6_000 } });
      expect(followers[0]!.updates).toHaveLength(1);
      // Another checkout's follower heard nothing of these, and hears its own.
      expect(followers[3]!.updates).toEqual([]);
      await deliverWebhook(serverB, partnerPayload(serverB, { paymentLinkId: other, amountKobo: 500 }));
      await until(() => followers[3]!.updates.length === 1);
      expect(followers[3]!.updates).toEqual([{ id: other, amountDue: { amountMinor: 6_500 } }]);
      // Once everyone has left, a newcomer starts afresh and hears the next update.
      for (const f of followers) f.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const late = await follow(shared);
      followers.push(late);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await deliverWebhook(serverB, partnerPayload(serverB, { paymentLinkId: shared, amountKobo: 3_000 }));
      await until(() => late.updates.length === 1);
      expect(late.updates).toEqual([{ id: shared, amountDue: { amountMinor: 3_000 } }]);
    } finally {
      await Promise.all(followers.map((f) => f.client.dispose()));
    }
  });
});
