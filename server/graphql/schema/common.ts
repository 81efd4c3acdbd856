import { MODES, type Scope } from '../../domain/api-keys.ts';
import type { UserError } from '../../domain/user-error.ts';
import type { ObjectRef } from '@pothos/core';
import { builder } from '../builder.ts';

type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/**
 * The interface every payload's user error implements. `code` is not on it: GraphQL lets an
 * implementing field only narrow the interface's type, and an enum does not narrow String, so each
 * family's type carries its own `code` enum (see userErrorType).
 */
export const UserErrorInterface = builder.interfaceRef<UserError>('UserError').implement({
  description: 'Why a mutation wrote nothing. Business-rule failures come back here, with HTTP 200; each payload has its own type, with a `code` enum.',
  fields: (t) => ({
    field: t.exposeStringList('field', { nullable: true, description: 'Path to the input field at fault.' }),
    message: t.exposeString('message'),
  }),
});

/**
 * A payload family's user error, `<Family>UserError { code: <Family>ErrorCode! field message }`, with
 * the enum built from the tuple its service is typed by: the schema lists exactly what it may answer,
 * and `userErrors { code field message }` reads as before (an enum is the same JSON string).
 */
export function userErrorType<const C extends string>(family: string, codes: readonly C[]): ObjectRef<BuilderTypes, UserError<C>> {
  const CodeEnum = builder.enumType(`${family}ErrorCode`, { values: codes as readonly string[], description: `Every code that ${family}UserError can carry.` });
  const ref = builder.objectRef<UserError>(`${family}UserError`).implement({
    interfaces: [UserErrorInterface],
    fields: (t) => ({ code: t.expose('code', { type: CodeEnum, description: 'Stable, machine-readable, e.g. NOT_FOUND, INVALID_INPUT.' }) }),
  });
  // Pothos cannot check a field against a generic enum, so the shape narrows here, to the same tuple the enum has.
  return ref as ObjectRef<BuilderTypes, UserError<C>>;
}

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
