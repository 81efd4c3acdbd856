import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { Business } from '../tenancy/business.entity.ts';

/** One account of one business, mode and currency (balances never mix currencies). */
const LedgerAccountSchema = defineEntity({
  name: 'LedgerAccount',
  uniques: [{ properties: ['business', 'mode', 'code', 'currency', 'party'] }],
  properties: {
    /** Deterministic (`la_<business>_<mode>_<code>_<currency>[_<party>]`), so posting needs no lookup. */
    id: p.string().primary().length(80),
    // Checked per statement, not per row (Migration20261204161000_statement_references).
    business: () => p.manyToOne(Business).createForeignKeyConstraint(false),
    mode: p.enum(MODES),
    code: p.string().length(10),
    name: p.string().length(100),
    type: p.enum(['ASSET', 'LIABILITY', 'INCOME', 'EXPENSE'] as const),
    currency: p.string().length(3),
    /** A sub-ledger's owner (a settlement entity's id), or '' for the business's own accounts. */
    party: p.string().length(40).default(''),
  },
});
export class LedgerAccount extends LedgerAccountSchema.class {}
LedgerAccountSchema.setClass(LedgerAccount);

/**
 * An immutable, balanced set of lines. PostgreSQL refuses updates and deletes, and refuses to
 * commit a journal whose debits and credits differ in any currency.
 */
export const JournalEntrySchema = defineEntity({
  name: 'JournalEntry',
  properties: {
    id: p.string().primary().length(40),
    // Checked per statement, not per row (Migration20261204161000_statement_references).
    business: () => p.manyToOne(Business).createForeignKeyConstraint(false),
    mode: p.enum(MODES),
    description: p.string().length(200),
    /** What caused it, e.g. `invoice:inv_…` or `payment:pay_…`. */
    source: p.string().length(80).unique(),
    createdAt: p.datetime(),
    lines: () => p.oneToMany(JournalLine).mappedBy('entry'),
  },
});
export class JournalEntry extends JournalEntrySchema.class {}
JournalEntrySchema.setClass(JournalEntry);

export const JournalLineSchema = defineEntity({
  name: 'JournalLine',
  // Each line moves a positive amount on exactly one side.
  checks: [
    {
      name: 'journal_line_one_side_check',
      expression: '(debit_minor > 0 and credit_minor = 0) or (debit_minor = 0 and credit_minor > 0)',
    },
  ],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    // References checked per statement, not per row (Migration20261204161000_statement_references).
    entry: () => p.manyToOne(JournalEntry).index().createForeignKeyConstraint(false),
    account: () => p.manyToOne(LedgerAccount).index().createForeignKeyConstraint(false),
    currency: p.string().length(3),
    debitMinor: p.bigint(),
    creditMinor: p.bigint(),
  },
});
export class JournalLine extends JournalLineSchema.class {}
JournalLineSchema.setClass(JournalLine);
