import { TEST_ADMIN_KEY, type TestServer } from './server.ts';

export const KYC_FIELDS = `id entityId kycStatus kycDocumentsReceived kycRequirements { code met } kycHistory { fromStatus toStatus reason actor at }`;

export const REVIEW_KYC = /* GraphQL */ `
  mutation ($input: ReviewSettlementEntityKycInput!) {
    reviewSettlementEntityKyc(input: $input) {
      settlementEntity {
        id
        businessId
        mode
        entityId
        kycStatus
        kycDocumentsReceived
        kycRequirements {
          code
          met
        }
        kycHistory {
          fromStatus
          toStatus
          reason
          actor
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

export const UPDATE_ENTITY = /* GraphQL */ `
  mutation ($input: UpdateSettlementEntityInput!) {
    updateSettlementEntity(input: $input) {
      settlementEntity { ${KYC_FIELDS} msisdn bankName tradingName payoutCurrency payable { amountMinor currency } }
      userErrors { code field message }
    }
  }
`;

/** The details the per-entity KYC list asks for, besides the settlement details themselves. */
export const KYC_DETAILS = {
  tradingName: 'St Marys',
  physicalAddress: 'Plot 12, Mwenge, Dar es Salaam',
  contactName: 'Neema Mushi',
  contactRole: 'Bursar',
  contactEmail: 'bursar@stmarys.example',
  contactPhone: '+255787123456',
};

/** A live key for the business, issued by the operator. */
export async function issueLiveKey(server: TestServer, businessId: string, scopes: string[]): Promise<string> {
  const live = await server.gql(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
    { input: { businessId, name: 'live', mode: 'LIVE', scopes } },
    { key: TEST_ADMIN_KEY },
  );
  const secret = live.body.data?.createApiKey?.secret;
  if (!secret) throw new Error(`createApiKey failed: ${JSON.stringify(live.body)}`);
  return secret;
}

/** Fills in the KYC details and has the operator approve a mobile-money entity (screenshot and sample invoice received). */
export async function approveEntity(server: TestServer, key: string, target: { businessId: string; mode: 'TEST' | 'LIVE'; entityId: string }) {
  const updated = await server.gql(UPDATE_ENTITY, { input: { entityId: target.entityId, ...KYC_DETAILS } }, { key });
  if (updated.body.data?.updateSettlementEntity?.userErrors?.length !== 0) throw new Error(JSON.stringify(updated.body));
  const review = await server.gql(
    REVIEW_KYC,
    { input: { ...target, status: 'APPROVED', reason: 'Documents verified', documentsReceived: ['MOBILE_MONEY_ACCOUNT_SCREENSHOT', 'SAMPLE_INVOICE'] } },
    { key: TEST_ADMIN_KEY },
  );
  const payload = review.body.data?.reviewSettlementEntityKyc;
  if (payload?.settlementEntity?.kycStatus !== 'APPROVED') throw new Error(`approval failed: ${JSON.stringify(review.body)}`);
  return payload.settlementEntity;
}
