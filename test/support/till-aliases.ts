import { randomUUID } from 'node:crypto';
import { signPartnerBody } from '../../server/domain/partner-signature.ts';
import { createEntity } from './bills.ts';
import { TEST_TIPS_SECRET, type TestServer } from './server.ts';

export const ALIAS_FIELDS = `id alias appId entityId name memo currency merchantAmount { amountMinor currency } fee { amountMinor } feeRateBasisPoints
  expectedTotal { amountMinor currency } expectedTotalText paymentMode status isActive amountPaid { amountMinor } paymentCount failedAttemptCount paymentUrl createdAt`;

export const CREATE_ALIAS = /* GraphQL */ `
  mutation ($input: CreateTillAliasInput!) { createTillAlias(input: $input) { tillAlias { ${ALIAS_FIELDS} } userErrors { code field message } } }
`;
export const ALIAS = `query ($alias: String!) { tillAlias(alias: $alias) { ${ALIAS_FIELDS} } }`;
export const REGISTER_APP = `mutation ($input: RegisterAppInput!) { registerApp(input: $input) { app { appId } webhookSecret userErrors { code message } } }`;

/** The seed's example: TZS 500,000 for ST-MARYS under SCHOOLFEES. */
export const SEED_ALIAS = {
  appId: 'SCHOOLFEES',
  entityId: 'ST-MARYS',
  name: 'F. Ngoiya — Term 1',
  memo: 'INV-2026-00481',
  merchantAmountMinor: 50_000_000,
  currency: 'TZS',
};

export async function registerApp(server: TestServer, key: string, appId: string, callbackUrl = 'https://93.184.216.34/hooks'): Promise<string> {
  const result = await server.gql(REGISTER_APP, { input: { appId, name: `App ${appId}`, callbackUrl } }, { key });
  const secret = result.body.data?.registerApp?.webhookSecret;
  if (!secret) throw new Error(`registerApp failed: ${JSON.stringify(result.body)}`);
  return secret;
}

/** A business set up as the seed's: its app and a mobile-money entity. */
export async function seedMerchant(server: TestServer, key: string, options: { callbackUrl?: string } = {}) {
  const webhookSecret = await registerApp(server, key, 'SCHOOLFEES', options.callbackUrl);
  await createEntity(server, key, 'ST-MARYS');
  return { webhookSecret };
}

export async function createAlias(server: TestServer, key: string, input: Record<string, unknown> = {}, idempotencyKey: string | null = randomUUID()) {
  return server.gql(CREATE_ALIAS, { input: { ...SEED_ALIAS, ...input } }, { key, headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {} });
}

export async function newAlias(server: TestServer, key: string, input: Record<string, unknown> = {}) {
  const result = await createAlias(server, key, input);
  const alias = result.body.data?.createTillAlias?.tillAlias;
  if (!alias) throw new Error(`createTillAlias failed: ${JSON.stringify(result.body)}`);
  return alias;
}

/** A TIPS notification (seed 002), amounts in major units. */
export function tipsPayload(fields: { utilityref: string; amount: string; transid?: string; result?: string; currency?: string; phone?: string }) {
  return {
    transid: fields.transid ?? `504-APCTZ${randomUUID().slice(0, 8)}`,
    amount: fields.amount,
    currency: fields.currency ?? 'TZS',
    phone: fields.phone ?? '255787123456',
    utilityref: fields.utilityref,
    result: fields.result ?? 'SUCCESS',
    received_at: '2026-12-02T10:00:00Z',
    channel: 'MPESA',
  };
}

/** POSTs a TIPS notification, signed as TIPS signs it. */
export async function deliverTips(server: TestServer, payload: unknown, options: { secret?: string; signature?: string | null; raw?: string } = {}) {
  const raw = options.raw ?? JSON.stringify(payload);
  const signature = options.signature === undefined ? signPartnerBody(options.secret ?? TEST_TIPS_SECRET, raw) : options.signature;
  const response = await fetch(`${server.url}/v1/webhooks/tips`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-tips-signature': signature } : {}) },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as any, text: '' };
}
