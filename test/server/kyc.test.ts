import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntityNotApproved, requireApprovedEntity } from '../../server/modules/settlement-entities/kyc-gate.ts';
import { kycMachine, kycRequirements } from '../../server/domain/kyc.ts';
import { CREATE_ENTITY, createEntity, outboxEvents } from '../support/bills.ts';
import { approveEntity, issueLiveKey, KYC_DETAILS, KYC_FIELDS, REVIEW_KYC, UPDATE_ENTITY } from '../support/kyc.ts';
import { onboardBusiness, startTestServer, TEST_ADMIN_KEY, type TestServer } from '../support/server.ts';

let server: TestServer;
let key: string;
let businessId: string;
beforeAll(async () => {
  server = await startTestServer();
  ({ testKey: key, businessId } = await onboardBusiness(server, { name: 'Finova School', country: 'TZ', defaultCurrency: 'TZS' }));
});
afterAll(() => server.close());

const ENTITY = `query ($id: String!) { settlementEntity(entityId: $id) { ${KYC_FIELDS} msisdn } }`;
const entityNow = async (entityId: string, k = key) => (await server.gql(ENTITY, { id: entityId }, { key: k })).body.data.settlementEntity;
const review = (input: Record<string, unknown>, k = TEST_ADMIN_KEY) =>
  server.gql(REVIEW_KYC, { input: { businessId, mode: 'TEST', status: 'APPROVED', reason: 'Checked', ...input } }, { key: k });
const reviewCodes = async (input: Record<string, unknown>) => (await review(input)).body.data.reviewSettlementEntityKyc.userErrors.map((e: any) => e.code);
const rowCount = async (table: string) =>
  Number(((await server.orm.em.getConnection().execute(`select count(*) as n from ${table}`)) as Array<{ n: string }>)[0]!.n);
const missing = (entity: any) => entity.kycRequirements.filter((r: any) => !r.met).map((r: any) => r.code);

describe('KYC of settlement entities', () => {
  it('starts PENDING with its audit trail and shows the per-entity list of what is still missing', async () => {
    await createEntity(server, key, 'ST-MARYS');
    const entity = await entityNow('ST-MARYS');
    expect(entity.kycStatus).toBe('PENDING');
    expect(entity.kycHistory).toEqual([
      { fromStatus: null, toStatus: 'PENDING', reason: expect.stringMatching(/Created/), actor: 'MERCHANT', at: expect.any(String) },
    ]);
    // Mobile money: its MSISDN is given; the rest (and the documents) are to send.
    expect(entity.kycRequirements.map((r: any) => r.code)).toEqual([
      'LEGAL_NAME',
      'TRADING_NAME',
      'PHYSICAL_ADDRESS',
      'AUTHORISED_CONTACT',
      'MOBILE_MONEY_MSISDN',
      'MOBILE_MONEY_ACCOUNT_SCREENSHOT',
      'SAMPLE_INVOICE',
    ]);
    expect(missing(entity)).toEqual(['TRADING_NAME', 'PHYSICAL_ADDRESS', 'AUTHORISED_CONTACT', 'MOBILE_MONEY_ACCOUNT_SCREENSHOT', 'SAMPLE_INVOICE']);
    // A bank entity is asked for its bank details and statement instead.
    expect(
      kycRequirements({ settlementMethod: 'BANK', name: 'V', bankName: 'CRDB', bankAccountNumber: '0150', bankAccountName: 'V Ltd', kycDocuments: [] })
        .filter((r) => !r.met)
        .map((r) => r.code),
    ).toEqual(['TRADING_NAME', 'PHYSICAL_ADDRESS', 'AUTHORISED_CONTACT', 'BANK_DETAILS', 'BANK_STATEMENT', 'SAMPLE_INVOICE']);
  });

  it('is the operator’s to decide: a business key is refused, with nothing written', async () => {
    await createEntity(server, key, 'SELF-1');
    const before = await rowCount('settlement_entity_kyc_event');
    const attempt = await review({ entityId: 'SELF-1' }, key);
    expect(attempt.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(
      (await server.gql(REVIEW_KYC, { input: { businessId, mode: 'TEST', entityId: 'SELF-1', status: 'APPROVED', reason: 'x' } })).body.errors[0].extensions
        .code,
    ).toBe('UNAUTHENTICATED');
    expect(await rowCount('settlement_entity_kyc_event')).toBe(before);
    expect((await entityNow('SELF-1')).kycStatus).toBe('PENDING');
  });

  it('refuses an approval while items are missing, a blank reason, and an entity of another business or mode', async () => {
    await createEntity(server, key, 'INCOMPLETE-1');
    const before = await rowCount('settlement_entity_kyc_event');
    const events = (await outboxEvents(server, ['settlement_entity.updated'])).length;
    expect(await reviewCodes({ entityId: 'INCOMPLETE-1' })).toEqual(['KYC_INCOMPLETE']);
    expect(await reviewCodes({ entityId: 'INCOMPLETE-1', reason: '   ' })).toEqual(['REQUIRED']);
    expect(await reviewCodes({ entityId: 'INCOMPLETE-1', mode: 'LIVE' })).toEqual(['NOT_FOUND']);
    const { businessId: other } = await onboardBusiness(server, { name: 'Other' });
    expect(await reviewCodes({ entityId: 'INCOMPLETE-1', businessId: other })).toEqual(['NOT_FOUND']);
    expect(await reviewCodes({ entityId: 'INCOMPLETE-1', status: 'PENDING' })).toEqual(['INVALID_STATE']);
    expect(await rowCount('settlement_entity_kyc_event')).toBe(before);
    expect((await outboxEvents(server, ['settlement_entity.updated'])).length).toBe(events);
  });

  it('approves once the list is met, with a reason in the audit trail and settlement_entity.updated', async () => {
    const updated = await server.gql(UPDATE_ENTITY, { input: { entityId: 'ST-MARYS', ...KYC_DETAILS } }, { key });
    expect(updated.body.data.updateSettlementEntity.userErrors).toEqual([]);
    // Details that are not where the money goes leave KYC where it is.
    expect(updated.body.data.updateSettlementEntity.settlementEntity).toMatchObject({ kycStatus: 'PENDING', tradingName: 'St Marys' });
    expect(missing(updated.body.data.updateSettlementEntity.settlementEntity)).toEqual(['MOBILE_MONEY_ACCOUNT_SCREENSHOT', 'SAMPLE_INVOICE']);

    const approved = await review({
      entityId: 'ST-MARYS',
      reason: 'Documents verified',
      documentsReceived: ['MOBILE_MONEY_ACCOUNT_SCREENSHOT', 'SAMPLE_INVOICE'],
    });
    expect(approved.body.data.reviewSettlementEntityKyc).toMatchObject({
      settlementEntity: {
        businessId,
        mode: 'TEST',
        entityId: 'ST-MARYS',
        kycStatus: 'APPROVED',
        kycDocumentsReceived: ['MOBILE_MONEY_ACCOUNT_SCREENSHOT', 'SAMPLE_INVOICE'],
      },
      userErrors: [],
    });
    const entity = await entityNow('ST-MARYS');
    expect(missing(entity)).toEqual([]);
    expect(entity.kycHistory.map((h: any) => [h.fromStatus, h.toStatus, h.actor, h.reason])).toEqual([
      [null, 'PENDING', 'MERCHANT', expect.any(String)],
      ['PENDING', 'APPROVED', 'OPERATOR', 'Documents verified'],
    ]);
    const events = (await outboxEvents(server, ['settlement_entity.updated'])).filter((e) => e.payload.entityId === 'ST-MARYS');
    expect(events.at(-1)!.payload).toMatchObject({
      kycStatus: 'APPROVED',
      previousKycStatus: 'PENDING',
      reason: 'Documents verified',
      changed: ['kycStatus', 'kycDocuments'],
    });
    expect(JSON.stringify(events)).not.toContain('+255712111222');
  });

  it('goes back to PENDING when its mobile-money details change, and needs the proof again', async () => {
    const changed = await server.gql(UPDATE_ENTITY, { input: { entityId: 'ST-MARYS', msisdn: '+255712999888' } }, { key });
    const entity = changed.body.data.updateSettlementEntity.settlementEntity;
    expect(entity).toMatchObject({ kycStatus: 'PENDING', msisdn: '+255712999888', kycDocumentsReceived: ['SAMPLE_INVOICE'] });
    expect(missing(entity)).toEqual(['MOBILE_MONEY_ACCOUNT_SCREENSHOT']);
    expect(entity.kycHistory.at(-1)).toMatchObject({
      fromStatus: 'APPROVED',
      toStatus: 'PENDING',
      actor: 'MERCHANT',
      reason: expect.stringContaining('msisdn'),
    });
    const event = (await outboxEvents(server, ['settlement_entity.updated'])).at(-1)!;
    expect(event.payload).toMatchObject({ entityId: 'ST-MARYS', kycStatus: 'PENDING', previousKycStatus: 'APPROVED', changed: ['msisdn'] });
    // Saying the same again changes nothing and announces nothing.
    const count = (await outboxEvents(server, ['settlement_entity.updated'])).length;
    await server.gql(UPDATE_ENTITY, { input: { entityId: 'ST-MARYS', msisdn: '+255712999888' } }, { key });
    expect((await outboxEvents(server, ['settlement_entity.updated'])).length).toBe(count);
  });

  it('switching to bank settlement drops the mobile-money details and re-asks for bank proof', async () => {
    await approveEntity(server, key, { businessId, mode: 'TEST', entityId: 'ST-MARYS' });
    const bank = await server.gql(
      UPDATE_ENTITY,
      {
        input: {
          entityId: 'ST-MARYS',
          settlementMethod: 'BANK',
          bankName: 'CRDB',
          bankAccountNumber: '0150123456',
          bankAccountName: 'St Marys',
          bankBranch: 'Mlimani',
          bankSwift: 'CORUTZTZ',
        },
      },
      { key },
    );
    const entity = bank.body.data.updateSettlementEntity.settlementEntity;
    expect(entity).toMatchObject({ kycStatus: 'PENDING', msisdn: null, bankName: 'CRDB' });
    expect(missing(entity)).toEqual(['BANK_STATEMENT']);
    // A bank entity cannot keep a phone number, and a partial switch is refused whole.
    const bad = await server.gql(UPDATE_ENTITY, { input: { entityId: 'ST-MARYS', msisdn: '+255712111222' } }, { key });
    expect(bad.body.data.updateSettlementEntity.userErrors.map((e: any) => e.code)).toEqual(['INVALID_INPUT']);
    const half = await server.gql(UPDATE_ENTITY, { input: { entityId: 'ST-MARYS', settlementMethod: 'MOBILE_MONEY' } }, { key });
    expect(half.body.data.updateSettlementEntity.userErrors.map((e: any) => e.code)).toEqual(['REQUIRED', 'REQUIRED']);
    expect((await entityNow('ST-MARYS')).kycStatus).toBe('PENDING');
  });

  it('a rejection is final until reopened; the merchant cannot reach another business’s entity', async () => {
    await createEntity(server, key, 'REJECT-1');
    expect(await reviewCodes({ entityId: 'REJECT-1', status: 'REJECTED', reason: 'Screenshot does not show the account name' })).toEqual([]);
    expect(await reviewCodes({ entityId: 'REJECT-1', status: 'APPROVED' })).toEqual(['INVALID_STATE']);
    expect(await reviewCodes({ entityId: 'REJECT-1', status: 'PENDING', reason: 'Re-submitted' })).toEqual([]);
    expect((await entityNow('REJECT-1')).kycHistory.map((h: any) => h.toStatus)).toEqual(['PENDING', 'REJECTED', 'PENDING']);

    const { testKey: other } = await onboardBusiness(server, { name: 'Intruder' });
    const foreign = await server.gql(UPDATE_ENTITY, { input: { entityId: 'REJECT-1', msisdn: '+255700000000' } }, { key: other });
    expect(foreign.body.data.updateSettlementEntity.userErrors.map((e: any) => e.code)).toEqual(['NOT_FOUND']);
    expect((await entityNow('REJECT-1')).msisdn).toBe('+255712111222');
  });

  it('the gate: live keys need APPROVED, test keys pass', async () => {
    const liveKey = await issueLiveKey(server, businessId, ['settlements:read', 'settlements:write']);
    const created = await server.gql(
      CREATE_ENTITY,
      { input: { entityId: 'LIVE-1', name: 'Live School', settlementMethod: 'MOBILE_MONEY', msisdn: '+255712111222', mobileProvider: 'MPESA' } },
      { key: liveKey },
    );
    expect(created.body.data.createSettlementEntity.userErrors).toEqual([]);
    const pending = await entityNow('LIVE-1', liveKey);
    expect(() => requireApprovedEntity({ mode: 'LIVE' }, pending)).toThrow(EntityNotApproved);
    expect(() => requireApprovedEntity({ mode: 'TEST' }, pending)).not.toThrow();
    await approveEntity(server, liveKey, { businessId, mode: 'LIVE', entityId: 'LIVE-1' });
    expect(() => requireApprovedEntity({ mode: 'LIVE' }, { entityId: 'LIVE-1', kycStatus: 'APPROVED' })).not.toThrow();
    expect(() => requireApprovedEntity({ mode: 'LIVE' }, { entityId: 'X', kycStatus: 'REJECTED' })).toThrow(/has not passed KYC/);
    // The test entity of the same id is another row: the live approval did not touch it.
    expect(await entityNow('LIVE-1')).toBeNull();
  });

  it('its machine: only the operator’s decisions and a details change move it', () => {
    expect(kycMachine.can('PENDING', 'APPROVED')).toBe(true);
    expect(kycMachine.can('REJECTED', 'APPROVED')).toBe(false);
    expect(kycMachine.can('APPROVED', 'PENDING')).toBe(true);
  });
});
