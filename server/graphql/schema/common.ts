import { MODES, type Scope } from '../../domain/api-keys.ts';
import type { UserError } from '../../domain/user-error.ts';
import { builder } from '../builder.ts';

export const UserErrorRef = builder.objectRef<UserError>('UserError').implement({
  description: 'Why a mutation wrote nothing. Business-rule failures come back here, with HTTP 200.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Stable, machine-readable, e.g. NOT_FOUND, INVALID_INPUT.' }),
    field: t.exposeStringList('field', { nullable: true, description: 'Path to the input field at fault.' }),
    message: t.exposeString('message'),
  }),
});

export const ModeEnum = builder.enumType('Mode', { values: MODES });

export interface MoneyShape {
  amountMinor: number | bigint;
  currency: string;
}

export const MoneyRef = builder.objectRef<MoneyShape>('Money').implement({
  description: 'An exact amount: integer minor units and an ISO 4217 currency.',
  fields: (t) => ({
    amountMinor: t.expose('amountMinor', { type: 'MinorUnits' }),
    currency: t.exposeString('currency'),
  }),
});

export const money = (amountMinor: number | bigint, currency: string): MoneyShape => ({ amountMinor, currency });

/**
 * The type-level rule of an object that belongs to a scope: every field that returns it, however
 * deeply nested, needs `read`, so a new field cannot forget the check. Payloads of the mutations
 * that write it grant `write` (`grantsWrite`): a key that may write it sees what it wrote.
 */
export const readableWith = (read: Scope, write?: Scope) => (write ? { scope: read, $granted: write } : { scope: read });

/** For a payload type of `write` mutations: the objects it returns are readable (see readableWith). */
export const grantsWrite = (write: Scope) => () => [write];
