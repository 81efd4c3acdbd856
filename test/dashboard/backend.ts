// Setup for the dashboard page tests, on the widget tests' real server: a fresh business with a
// test key (so each test sees its own lists, empty ones too) and real data made through the API.
import { signPartnerBody } from '../../server/domain/partner-signature.ts';
import type { startWidgetBackend } from '../widget/backend.ts';

type Backend = Awaited<ReturnType<typeof startWidgetBackend>>;

export function dashboardCommands(backend: Backend) {
  const { graphql, adminKey } = backend;
  const must = async (key: string, query: string, variables: Record<string, unknown>, field: string) => {
    const data = await graphql(key, query, variables);
    const payload = data?.[field];
    if (!payload || payload.userErrors?.length) throw new Error(`${field}: ${JSON.stringify(data)}`);
    return payload;
  };
  const payRef = async (paymentRef: string, amountMinor: number, currency: string) => {
    const raw = JSON.stringify({
      event: 'payment.completed',
      paymentId: `dash-${Math.random().toString(36).slice(2)}`,
      amountKobo: amountMinor,
      currency,
      timestamp: new Date().toISOString(),
      metadata: { paymentRef },
    });
    const response = await fetch(`${backend.url}/v1/webhooks/alat-payment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signPartnerBody(backend.partnerSecret, raw) },
      body: raw,
    });
    if (!response.ok) throw new Error(`payment webhook: ${response.status} ${await response.text()}`);
  };

  return {
    /** A new business (TZ, TZS) and its test key; `invoices` names customers to invoice. */
    async business(options: { name?: string; invoices?: string[]; entities?: string[] } = {}) {
      const made = await must(
        adminKey,
        `mutation ($input: CreateBusinessInput!) { createBusiness(input: $input) { business { id } testSecretKey userErrors { code } } }`,
        { input: { name: options.name ?? 'Kariakoo Traders', plan: 'ENTERPRISE', country: 'TZ', defaultCurrency: 'TZS' } },
        'createBusiness',
      );
      const key = made.testSecretKey as string;
      for (const [i, name] of (options.invoices ?? []).entries()) {
        await must(
          key,
          `mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } userErrors { code } } }`,
          {
            input: {
              customer: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com` },
              currency: 'TZS',
              dueDate: '2026-12-31',
              lineItems: [{ description: 'School fees', quantity: 1, unitAmountMinor: 125_000_00 + i * 100 }],
            },
          },
          'createInvoice',
        );
      }
      for (const entityId of options.entities ?? []) {
        await must(
          key,
          `mutation ($input: CreateSettlementEntityInput!) { createSettlementEntity(input: $input) { settlementEntity { id } userErrors { code message } } }`,
          { input: { entityId, name: `Entity ${entityId}`, settlementMethod: 'MOBILE_MONEY', msisdn: '+255712111222', mobileProvider: 'MPESA' } },
          'createSettlementEntity',
        );
      }
      return { secretKey: key, businessId: made.business.id as string, server: backend.url };
    },

    /** A MANUAL entity (no payout delay) with money payable: 80 % of a split bill of TZS 1,000.00, paid. */
    async payableEntity(options: { secretKey: string; entityId: string }) {
      const key = options.secretKey;
      await must(
        key,
        `mutation ($input: CreateSettlementEntityInput!) { createSettlementEntity(input: $input) { settlementEntity { id } userErrors { code message } } }`,
        {
          input: {
            entityId: options.entityId,
            name: `Entity ${options.entityId}`,
            settlementMethod: 'MOBILE_MONEY',
            msisdn: '+255712111222',
            mobileProvider: 'MPESA',
            payoutSchedule: 'MANUAL',
            payoutDelayDays: 0,
          },
        },
        'createSettlementEntity',
      );
      const bill = await must(
        key,
        `mutation ($input: CreateBillInput!) { createBill(input: $input) { bill { paymentRef } userErrors { code message } } }`,
        {
          input: {
            email: 'payer@example.com',
            amountMinor: 100_000,
            currency: 'TZS',
            split: true,
            subaccounts: [{ entityId: options.entityId, percentage: 80 }],
          },
        },
        'createBill',
      );
      await payRef(bill.bill.paymentRef, 100_000, 'TZS');
      return { entityId: options.entityId };
    },

    /** A MANUAL entity paid through a split bill, whose payout the settlement machine fails; it pays the retry. */
    async failedSettlement(options: { secretKey: string; entityId: string }) {
      const key = options.secretKey;
      await this.payableEntity(options);
      backend.settlementMachine.setBehaviour(() => 'FAIL');
      const batch = await must(
        key,
        `mutation ($input: CreateSettlementBatchInput!) { createSettlementBatch(input: $input) { settlementBatch { id status } userErrors { code message } } }`,
        { input: { entityId: options.entityId } },
        'createSettlementBatch',
      );
      const id = batch.settlementBatch.id as string;
      // The machine's callback (delivered on its own) marks it FAILED; the retry is then paid.
      for (let i = 0; i < 100; i++) {
        const now = await graphql(
          key,
          `
            query ($id: ID!) {
              settlement(id: $id) {
                status
              }
            }
          `,
          { id },
        );
        if (now.settlement.status === 'FAILED') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      backend.settlementMachine.setBehaviour(() => 'PAY');
      return { batchId: id };
    },

    /** A payment request whose financing the sandbox lender has authorized: it awaits its invoices. */
    async authorizedFinancing(options: { secretKey: string; orderId: string }) {
      const key = options.secretKey;
      const request = await must(
        key,
        `mutation ($input: CreatePaymentRequestInput!) { createPaymentRequest(input: $input) { paymentRequest { code } userErrors { code message } } }`,
        {
          input: {
            amountMinor: 1_000_000,
            currency: 'BRL',
            installmentsCountMin: 3,
            installmentsCountMax: 3,
            merchantSubsidyType: 'NONE',
            orderId: options.orderId,
            orderDescription: 'Máquina de café',
          },
        },
        'createPaymentRequest',
      );
      await must(
        key,
        `mutation ($input: RequestFinancingInput!) { requestFinancing(input: $input) { status userErrors { code message } } }`,
        { input: { paymentRequestId: request.paymentRequest.code, customerTaxId: '11222333000181', installmentsCount: 3 } },
        'requestFinancing',
      );
      for (let i = 0; i < 200; i++) {
        const data = await graphql(
          key,
          `
            query {
              financedPayments(first: 5) {
                edges {
                  node {
                    id
                    status
                    orderId
                  }
                }
              }
            }
          `,
        );
        const node = data.financedPayments.edges
          .map((e: { node: { status: string; orderId: string } }) => e.node)
          .find((n: { orderId: string }) => n.orderId === options.orderId);
        if (node?.status === 'AUTHORIZED') return { paymentId: node.id as string };
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the sandbox lender did not authorize the financing');
    },

    /** A settlement entity awaiting KYC review, in a business of its own. */
    async pendingKyc(options: { entityId: string }) {
      const made = await this.business({ name: `KYC ${options.entityId}` });
      const key = made.secretKey;
      await must(
        key,
        `mutation ($input: CreateSettlementEntityInput!) { createSettlementEntity(input: $input) { settlementEntity { id } userErrors { code message } } }`,
        {
          input: {
            entityId: options.entityId,
            name: 'St Marys School',
            settlementMethod: 'MOBILE_MONEY',
            msisdn: '+255712111222',
            mobileProvider: 'MPESA',
            tradingName: 'St Marys',
            physicalAddress: 'Plot 12, Mwenge, Dar es Salaam',
            contactName: 'Neema Mushi',
            contactRole: 'Bursar',
            contactEmail: 'bursar@stmarys.example',
            contactPhone: '+255787123456',
          },
        },
        'createSettlementEntity',
      );
      return { ...made, entityId: options.entityId };
    },

    /** What the operator's console runs with (the platform admin key, test-only). */
    operatorKey: () => adminKey,
  };
}
