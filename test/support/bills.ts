import { deliverWebhook, partnerPayload } from './money-path.ts';
import type { TestServer } from './server.ts';

export const BILL_FIELDS = `id paymentRef type status amount { amountMinor currency } amountPaid { amountMinor } outstanding { amountMinor }
  expiresAt qrCodeUrl paymentUrl virtualAccount { accountNumber bankName accountName } split subaccounts { entityId amount { amountMinor } percentage }`;

export const CREATE_BILL = /* GraphQL */ `
  mutation ($input: CreateBillInput!) { createBill(input: $input) { bill { ${BILL_FIELDS} } userErrors { code field message } } }
`;

export const BILL = /* GraphQL */ `
  query ($ref: String!) {
    bill(paymentRef: $ref) { ${BILL_FIELDS} payments { billPaymentRef partnerPaymentId amount { amountMinor } applied { amountMinor } customerCredit { amountMinor } suspense { amountMinor } exception } }
  }
`;

export const CREATE_ENTITY = /* GraphQL */ `
  mutation ($input: CreateSettlementEntityInput!) {
    createSettlementEntity(input: $input) {
      settlementEntity {
        id
        entityId
        name
        settlementMethod
        msisdn
        mobileProvider
        bankName
        bankAccountNumber
        payoutSchedule
        payoutMinAmount {
          amountMinor
          currency
        }
        payable {
          amountMinor
          currency
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

/** Creates a bill through the API and returns it, failing loudly on userErrors. */
export async function createBill(server: TestServer, key: string, input: Record<string, unknown>) {
  const result = await server.gql(CREATE_BILL, { input: { email: 'payer@example.com', ...input } }, { key });
  const payload = result.body.data?.createBill;
  if (!payload?.bill) throw new Error(`createBill failed: ${JSON.stringify(result.body)}`);
  return payload.bill;
}

/** A mobile-money settlement entity (seed 002's example). */
export async function createEntity(server: TestServer, key: string, entityId: string) {
  const result = await server.gql(
    CREATE_ENTITY,
    { input: { entityId, name: `Entity ${entityId}`, settlementMethod: 'MOBILE_MONEY', msisdn: '+255712111222', mobileProvider: 'MPESA' } },
    { key },
  );
  const entity = result.body.data?.createSettlementEntity?.settlementEntity;
  if (!entity) throw new Error(`createSettlementEntity failed: ${JSON.stringify(result.body)}`);
  return entity;
}

/** The partner reports a payment naming a bill by its reference (or, a transfer, by account number). */
export function payBill(server: TestServer, ref: { paymentRef: string } | { accountNumber: string }, amountKobo: number, paymentId?: string) {
  return deliverWebhook(server, billPayload(server, ref, amountKobo, paymentId));
}

export function billPayload(server: TestServer, ref: { paymentRef: string } | { accountNumber: string }, amountKobo: number, paymentId?: string) {
  return partnerPayload(server, { amountKobo, ...(paymentId ? { paymentId } : {}), metadata: { ...ref } });
}

export async function billNow(server: TestServer, key: string, paymentRef: string) {
  return (await server.gql(BILL, { ref: paymentRef }, { key })).body.data.bill;
}

/** Events of these types in the outbox, oldest first, with their payloads. */
export async function outboxEvents(server: TestServer, types: string[]): Promise<Array<{ type: string; payload: any }>> {
  const rows = (await server.orm.em.getConnection().execute(`select type, payload from outbox_event order by id`)) as Array<{ type: string; payload: any }>;
  return rows.filter((row) => types.includes(row.type));
}
