import type { JournalEntry, JournalLine } from '../../modules/ledger/ledger.entities.ts';
import { findJournalEntry, ledgerBalances, listJournalEntries, type AccountBalance } from '../../modules/ledger/ledger.service.ts';
import { builder } from '../builder.ts';
import { money, MoneyRef, readableWith } from './common.ts';
import { pageById } from './connection.ts';

const AccountRef = builder.objectRef<{ code: string; name: string }>('LedgerAccountRef').implement({
  fields: (t) => ({ code: t.exposeString('code'), name: t.exposeString('name') }),
});

const JournalLineRef = builder.objectRef<JournalLine>('JournalLine').implement({
  fields: (t) => ({
    account: t.field({ type: AccountRef, resolve: (line) => line.account }),
    debitMinor: t.expose('debitMinor', { type: 'MinorUnits' }),
    creditMinor: t.expose('creditMinor', { type: 'MinorUnits' }),
    currency: t.exposeString('currency'),
  }),
});

const JournalEntryRef = builder.objectRef<JournalEntry>('JournalEntry').implement({
  description: 'An immutable, balanced journal: per currency, debits equal credits.',
  authScopes: readableWith('ledger:read'),
  fields: (t) => ({
    id: t.exposeID('id'),
    description: t.exposeString('description'),
    source: t.exposeString('source', { description: 'What caused it, e.g. invoice:inv_… or payment:pay_….' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lines: t.field({ type: [JournalLineRef], resolve: (entry) => entry.lines.getItems() }),
  }),
});

const LedgerAccountRef = builder.objectRef<AccountBalance>('LedgerAccount').implement({
  authScopes: readableWith('ledger:read'),
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    type: t.exposeString('type'),
    settlementEntityId: t.exposeString('settlementEntityId', { nullable: true, description: 'Whose payable account this is (code 2200).' }),
    balance: t.field({ type: MoneyRef, description: "In the account's natural direction.", resolve: (a) => money(a.balanceMinor, a.currency) }),
  }),
});

builder.queryField('journalEntry', (t) =>
  t.field({
    type: JournalEntryRef,
    nullable: true,
    authScopes: { scope: 'ledger:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => findJournalEntry(ctx, String(id)),
  }),
);

builder.queryField('journalEntries', (t) =>
  t.connection(
    {
      type: JournalEntryRef,
      authScopes: { scope: 'ledger:read' },
      resolve: (_root, args, ctx) => pageById(args, (page) => listJournalEntries(ctx, page)),
    },
    { name: 'JournalEntryConnection' },
    { name: 'JournalEntryEdge' },
  ),
);

builder.queryField('ledgerAccounts', (t) =>
  t.field({ type: [LedgerAccountRef], authScopes: { scope: 'ledger:read' }, resolve: (_root, _args, ctx) => ledgerBalances(ctx) }),
);
