import { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLScalarType, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ormConfig } from '../../server/db/orm.ts';
import { schema } from '../../server/graphql/schema.ts';
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
