import { GraphQLError, Kind } from 'graphql';
import { isMinorUnits } from '../../domain/money.ts';
import { builder } from '../builder.ts';

function minorUnits(value: unknown): number {
  // The ledger counts in bigint; anything that fits a JSON integer exactly goes out as one.
  if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER)) {
    return Number(value);
  }
  if (!isMinorUnits(value)) {
    throw new GraphQLError('MinorUnits is an integer count of minor units between -(2^53 - 1) and 2^53 - 1.');
  }
  return value;
}

builder.scalarType('MinorUnits', {
  description: 'An amount in a currency\'s minor units (kobo, cents), as a JSON integer. Never a float.',
  serialize: (value) => minorUnits(value),
  parseValue: (value) => minorUnits(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) throw new GraphQLError('MinorUnits must be an integer literal.');
    return minorUnits(Number(ast.value));
  },
});

function dateTime(value: unknown): Date {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime is an ISO 8601 timestamp.');
  return date;
}

builder.scalarType('DateTime', {
  description: 'A UTC instant in ISO 8601, e.g. 2026-04-17T10:30:00.000Z.',
  serialize: (value) => dateTime(value).toISOString(),
  parseValue: (value) => dateTime(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string.');
    return dateTime(ast.value);
  },
});
