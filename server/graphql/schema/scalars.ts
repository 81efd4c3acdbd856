import { GraphQLError, Kind } from 'graphql';
import { exactJsonInteger, isMinorUnits, type RawJsonNumber } from '../../domain/money.ts';
import { builder } from '../builder.ts';

const RANGE = 'MinorUnits is an integer count of minor units between -(2^53 - 1) and 2^53 - 1.';

/** Inputs are at most 2^53 − 1 in size: any JSON parser reads them exactly. */
function minorUnitsInput(value: unknown): number {
  if (!isMinorUnits(value)) throw new GraphQLError(RANGE);
  return value;
}

/**
 * The ledger counts in bigint, and a balance may sum past 2^53 − 1: a read never fails for it, and
 * never rounds it; the integer goes out digit for digit. A JS number beyond the safe range is
 * already rounded, so it is a bug, and refused.
 */
function minorUnitsOutput(value: unknown): number | RawJsonNumber {
  if (typeof value === 'bigint') return exactJsonInteger(value);
  if (!isMinorUnits(value)) throw new GraphQLError(RANGE);
  return value;
}

builder.scalarType('MinorUnits', {
  description:
    "An amount in a currency's minor units (kobo, cents), as a JSON integer. Never a float. Inputs, single payments and " +
    "every checkout's or invoice's amounts are at most 2^53 - 1. Ledger balances, which sum many payments, can exceed it " +
    'and are still exact JSON integers: read them with a big-number-aware JSON parser.',
  serialize: (value) => minorUnitsOutput(value),
  parseValue: (value) => minorUnitsInput(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) throw new GraphQLError('MinorUnits must be an integer literal.');
    return minorUnitsInput(Number(ast.value));
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
