import { MikroORM } from '@mikro-orm/postgresql';
import { MERCHANT_USER_ERROR_CODES } from '../../server/modules/accounts/users.service.ts';
import {
  getNamedType,
  GraphQLEnumType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ormConfig } from '../../server/db/orm.ts';
import { BILL_ERROR_CODES } from '../../server/domain/bills.ts';
import { PAYMENT_LINK_ERROR_CODES } from '../../server/domain/payment-links.ts';
import { FINANCED_PAYMENT_ERROR_CODES, PAYMENT_REQUEST_ERROR_CODES, REQUEST_FINANCING_ERROR_CODES } from '../../server/domain/payment-requests.ts';
import { SANDBOX_FINANCING_ERROR_CODES } from '../../server/modules/kinds/payment-request/financing.service.ts';
import { TAP_TO_PAY_ERROR_CODES } from '../../server/domain/tap-to-pay.ts';
import { COMMON_ERROR_CODES, errorCodes, rejected, userError, type UserError } from '../../server/domain/user-error.ts';
import { schema } from '../../server/graphql/schema.ts';
import { refuseUnstorableText } from '../../server/graphql/text-guard.ts';
import { KYC_REVIEW_ERROR_CODES, SETTLEMENT_ENTITY_ERROR_CODES } from '../../server/modules/settlement-entities/settlement-entities.service.ts';
import { SANDBOX_PAYMENT_ERROR_CODES } from '../../server/modules/checkouts/sandbox-payment.service.ts';
import { TILL_ALIAS_ERROR_CODES } from '../../server/modules/kinds/till-alias/till-aliases.service.ts';
import { PLATFORM_FEE_ERROR_CODES } from '../../server/modules/fees/fees.service.ts';
import { INVOICE_ERROR_CODES } from '../../server/modules/invoicing/invoicing.service.ts';
import { cancelPaymentLink } from '../../server/modules/kinds/payment-link/payment-links.service.ts';
import { API_KEY_ERROR_CODES, BUSINESS_ERROR_CODES, CHECKOUT_SETTINGS_ERROR_CODES } from '../../server/modules/tenancy/tenancy.service.ts';
import { codedFor, validateInput } from '../../server/modules/validation.ts';
import { APP_ERROR_CODES } from '../../server/modules/webhooks/apps.service.ts';
import { WEBHOOK_DELIVERY_ERROR_CODES } from '../../server/modules/webhooks/deliveries.service.ts';
import { CHARGEBACK_ERROR_CODES, SETTLEMENT_BATCH_ERROR_CODES } from '../../server/modules/settlements/settlements.service.ts';
import { createTestDatabase } from '../support/database.ts';

describe('migrations', () => {
  it('bring a fresh database exactly to what the entities describe', async () => {
    const url = await createTestDatabase();
    const orm = await MikroORM.init(ormConfig(url));
    try {
      expect(await orm.migrator.getPending()).toEqual([]);
      const drift = await orm.schema.getUpdateSchemaSQL({ wrap: false });
      expect(drift.trim(), 'entities changed without a migration: run `npm run migration:create`').toBe('');
    } finally {
      await orm.close();
    }
  });
});

describe('MinorUnits scalar', () => {
  const scalar = schema.getType('MinorUnits') as GraphQLScalarType;

  it('carries integer minor units as JSON integers', () => {
    expect(scalar.parseValue(53750000)).toBe(53750000);
    expect(scalar.serialize(0)).toBe(0);
    expect(scalar.parseLiteral({ kind: Kind.INT, value: '9007199254740991' })).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    ['a float', 10.5],
    ['a numeric string', '1000'],
    ['2^53', 2 ** 53],
    ['NaN', Number.NaN],
  ])('rejects %s', (_label, value) => {
    expect(() => scalar.parseValue(value)).toThrow(/MinorUnits/);
    expect(() => scalar.serialize(value)).toThrow(/MinorUnits/);
  });

  it('writes a bigint of any size as an exact JSON integer (ledger balances sum past 2^53 − 1)', () => {
    expect(scalar.serialize(9007199254740991n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(JSON.stringify({ amountMinor: scalar.serialize(18014398509481982n) })).toBe('{"amountMinor":18014398509481982}');
    expect(JSON.stringify({ amountMinor: scalar.serialize(-(10n ** 30n) - 7n) })).toBe('{"amountMinor":-1000000000000000000000000000007}');
    // Inputs stay within the range every JSON parser reads exactly.
    expect(() => scalar.parseValue(18014398509481982n)).toThrow(/MinorUnits/);
  });

  it('rejects literals beyond 2^53 − 1 and float literals', () => {
    expect(() => scalar.parseLiteral({ kind: Kind.INT, value: '9007199254740993' })).toThrow(/MinorUnits/);
    expect(() => scalar.parseLiteral({ kind: Kind.FLOAT, value: '1.5' })).toThrow(/MinorUnits/);
  });
});

describe('userError codes', () => {
  const families: Record<string, readonly string[]> = {
    ApiKey: API_KEY_ERROR_CODES,
    App: APP_ERROR_CODES,
    Bill: BILL_ERROR_CODES,
    Business: BUSINESS_ERROR_CODES,
    Chargeback: CHARGEBACK_ERROR_CODES,
    CheckoutSettings: CHECKOUT_SETTINGS_ERROR_CODES,
    FinancedPayment: FINANCED_PAYMENT_ERROR_CODES,
    Invoice: INVOICE_ERROR_CODES,
    KycReview: KYC_REVIEW_ERROR_CODES,
    MerchantUser: MERCHANT_USER_ERROR_CODES,
    PaymentLink: PAYMENT_LINK_ERROR_CODES,
    PaymentRequest: PAYMENT_REQUEST_ERROR_CODES,
    PlatformFee: PLATFORM_FEE_ERROR_CODES,
    RequestFinancing: REQUEST_FINANCING_ERROR_CODES,
    SandboxFinancing: SANDBOX_FINANCING_ERROR_CODES,
    SandboxPayment: SANDBOX_PAYMENT_ERROR_CODES,
    SettlementBatch: SETTLEMENT_BATCH_ERROR_CODES,
    SettlementEntity: SETTLEMENT_ENTITY_ERROR_CODES,
    TapToPay: TAP_TO_PAY_ERROR_CODES,
    TillAlias: TILL_ALIAS_ERROR_CODES,
    WebhookDelivery: WEBHOOK_DELIVERY_ERROR_CODES,
  };

  it("are an enum per payload family on every mutation's userErrors, holding the codes any mutation may answer", () => {
    const userErrorInterface = schema.getType('UserError');
    expect(isInterfaceType(userErrorInterface)).toBe(true);
    const used = new Set<string>();
    for (const mutation of Object.values(schema.getMutationType()!.getFields())) {
      const payload = getNamedType(mutation.type) as GraphQLObjectType;
      const list = payload.getFields().userErrors?.type;
      // [<Family>UserError!]!
      expect(isNonNullType(list) && isListType(list.ofType) && isNonNullType(list.ofType.ofType), mutation.name).toBe(true);
      const item = getNamedType(list!);
      expect(isObjectType(item) && item.getInterfaces().includes(userErrorInterface as never), mutation.name).toBe(true);
      const family = item.name.replace(/UserError$/, '');
      const code = (item as GraphQLObjectType).getFields().code!.type;
      expect(isNonNullType(code) && isEnumType(code.ofType), mutation.name).toBe(true);
      const codeEnum = getNamedType(code) as GraphQLEnumType;
      expect(codeEnum.name, mutation.name).toBe(`${family}ErrorCode`);
      expect(
        codeEnum.getValues().map((value) => value.name),
        mutation.name,
      ).toEqual(expect.arrayContaining([...COMMON_ERROR_CODES]));
      used.add(family);
    }
    expect([...used].sort()).toEqual(Object.keys(families).sort());
  });

  it("are built from the same tuple the family's service is typed by", () => {
    for (const [family, codes] of Object.entries(families)) {
      const codeEnum = schema.getType(`${family}ErrorCode`) as GraphQLEnumType;
      expect(
        codeEnum.getValues().map((value) => value.name),
        family,
      ).toEqual([...codes].sort()); // the printed schema sorts values
    }
    // Codes a kind's cancel may answer from its state machine.
    expect(PAYMENT_LINK_ERROR_CODES).toContain('INVALID_STATE');
    expect(BILL_ERROR_CODES).toContain('INVALID_STATE');
  });

  it("outside a service's family fail typecheck (npm test typechecks this file), and at runtime where zod cannot type them", () => {
    // A payment link's service answering a bill's code does not compile.
    const linkAnswer = (): Awaited<ReturnType<typeof cancelPaymentLink>> => {
      // @ts-expect-error BILL_NOT_OPEN is not a PaymentLinkErrorCode
      return rejected(userError('BILL_NOT_OPEN', 'This bill is paid.', ['input', 'id']));
    };
    expect(linkAnswer().userErrors[0]!.code).toBe('BILL_NOT_OPEN');

    // Nor does an input rule of another family's code…
    // @ts-expect-error BILL_NOT_OPEN is not a PaymentLinkErrorCode
    const rule = codedFor(PAYMENT_LINK_ERROR_CODES)('BILL_NOT_OPEN', 'This bill is paid.');
    const input = z.object({ id: z.string().refine((id) => id.startsWith('pl_'), rule) });

    // …and validateInput, which cannot see a rule's code in its types, refuses it when it fires.
    expect(() => validateInput(input, { id: 'bill_1' }, PAYMENT_LINK_ERROR_CODES)).toThrow(/BILL_NOT_OPEN is not among/);
    const valid = validateInput(input, { id: 7 }, PAYMENT_LINK_ERROR_CODES);
    expect(valid.ok || valid.userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);

    // A family without INVALID_INPUT cannot hold what validateInput answers.
    const withoutInvalidInput = (): { userErrors: UserError<'NOT_FOUND'>[] } => {
      const checked = validateInput(input, { id: 7 }, ['NOT_FOUND'] as const);
      // @ts-expect-error INVALID_INPUT is not among NOT_FOUND
      return checked.ok ? { userErrors: [] } : rejected(...checked.userErrors);
    };
    expect(withoutInvalidInput().userErrors).toHaveLength(1);

    expect(() => errorCodes('NOT_FOUND', 'INVALID_TEXT')).toThrow(/listed twice/);
  });

  it("stop a schema from building when a mutation payload cannot carry the text guard's INVALID_TEXT", () => {
    const codeEnum = new GraphQLEnumType({ name: 'ThingErrorCode', values: { NOT_FOUND: {} } });
    const thingError = new GraphQLObjectType({
      name: 'ThingUserError',
      fields: { code: { type: new GraphQLNonNull(codeEnum) }, message: { type: GraphQLString } },
    });
    const payload = new GraphQLObjectType({ name: 'ThingPayload', fields: { userErrors: { type: new GraphQLList(thingError) } } });
    const mutation = new GraphQLObjectType({ name: 'Mutation', fields: { makeThing: { type: payload, args: { name: { type: GraphQLString } } } } });
    const query = new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } });
    expect(() => refuseUnstorableText(new GraphQLSchema({ query, mutation }))).toThrow(/makeThing.*INVALID_TEXT/);
  });
});
