import { tenantOf } from '../tenancy/tenant-scope.ts';
import { tenantCondition } from '../tenancy/tenant-sql.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/api-keys.ts';
import { newId } from '../../domain/ids.ts';
import { ACCOUNTS, isBalanced, naturalBalance, type AccountKey, type PostingLine } from '../../domain/ledger.ts';
import { keysetPage, type PageRequest } from '../pagination.ts';
import type { RequestContext } from '../request-context.ts';
import { sql, type Insertable } from 'kysely';
import { kyselyOf, type Database } from '../../db/database.ts';
import type { SqlRunner } from '../../db/pipelined-transaction.ts';
import { valuesList } from '../../db/sql.ts';
import { JournalEntry } from './ledger.entities.ts';

const accountId = (businessId: string, mode: Mode, key: AccountKey, currency: string, party = '') =>
  `la_${businessId.replace(/^biz_/, '')}_${mode}_${ACCOUNTS[key].code}_${currency}${party && `_${party.replace(/^se_/, '')}`}`;

/**
 * Accounts known to exist, committed. Accounts are never deleted (journal lines point at them), so
 * once seen committed they stay: posting to them needs no statement.
 */
const openAccounts = new Set<string>();

/** A journal about to be posted. */
export interface JournalPosting {
  businessId: string;
  mode: Mode;
  description: string;
  source: string;
  at: Date;
  lines: PostingLine[];
}

/**
 * Records a balanced journal in the caller's transaction, in one statement (accounts are opened on
 * first use). An unbalanced posting is a programming error: it throws here, and PostgreSQL would
 * refuse it at commit anyway. Returns the journal's id.
 */
export async function postJournal(em: EntityManager, journal: JournalPosting): Promise<string> {
  const { id, entry, lines } = await prepareJournal(em, journal);
  // Kysely runs in the caller's transaction (MikroORM binds it to the EntityManager's context).
  await kyselyOf(em)
    .with('journal_entry_row', (q) => q.insertInto('journal_entry').values(entry))
    .with('journal_line_rows', (q) => q.insertInto('journal_line').values(lines))
    .selectNoFrom(sql<number>`1`.as('one'))
    .execute();
  return id;
}

/** A journal's rows, ready to be inserted by a caller's own statement (the payment store's). */
export interface PreparedJournal {
  id: string;
  entry: Insertable<Database['journal_entry']>;
  lines: Array<Insertable<Database['journal_line']>>;
}

/** A balanced journal's rows, for a caller that writes them within its own statement; opens the accounts it posts to first, when not known. */
export async function prepareJournal(runner: SqlRunner, journal: JournalPosting): Promise<PreparedJournal> {
  if (!isBalanced(journal.lines)) throw new Error(`Unbalanced posting for ${journal.source}`);
  const { businessId, mode, at } = journal;
  const lines = journal.lines.map((line) => ({ ...line, accountId: accountId(businessId, mode, line.account, line.currency, line.party) }));

  await openAccountsFor(runner, businessId, mode, lines);

  const id = newId('je', at);
  return {
    id,
    entry: { id, business_id: businessId, mode, description: journal.description, source: journal.source, created_at: at },
    lines: lines.map((l) => ({ entry_id: id, account_id: l.accountId, currency: l.currency, debit_minor: l.debitMinor, credit_minor: l.creditMinor })),
  };
}

/** Opens (idempotently) the accounts these lines post to; accounts known to be committed cost nothing. */
async function openAccountsFor(em: SqlRunner, businessId: string, mode: Mode, lines: ReadonlyArray<PostingLine & { accountId: string }>) {
  const missing = [...new Map(lines.filter((l) => !openAccounts.has(l.accountId)).map((l) => [l.accountId, l])).values()];
  if (!missing.length) return;
  const accounts = valuesList(
    missing.map((l) => [
      l.accountId,
      businessId,
      mode,
      ACCOUNTS[l.account].code,
      ACCOUNTS[l.account].name,
      ACCOUNTS[l.account].type,
      l.currency,
      l.party ?? '',
    ]),
  );
  const inserted = await em.execute<Array<{ id: string }>>(
    `insert into ledger_account (id, business_id, mode, code, name, type, currency, party) values ${accounts.sql} on conflict do nothing returning id`,
    accounts.params,
  );
  // Rows we did not insert were already there and committed (ON CONFLICT waits for the other
  // writer); rows we inserted only exist if this transaction commits, so they are not remembered yet.
  const ours = new Set(inserted.map((row) => row.id));
  for (const account of missing) if (!ours.has(account.accountId)) openAccounts.add(account.accountId);
}

/**
 * Opens a settlement entity's own accounts (payable, reserve, in transit), so what it is owed shows
 * at zero before its first share and a settlement run has none to open.
 */
export async function openSettlementAccounts(em: EntityManager, owner: { businessId: string; mode: Mode }, party: string, currency: string): Promise<void> {
  const keys: AccountKey[] = ['SETTLEMENT_PAYABLE', 'SETTLEMENT_RESERVE', 'PAYOUT_IN_TRANSIT'];
  await openAccountsFor(
    em,
    owner.businessId,
    owner.mode,
    keys.map((account) => ({
      account,
      party,
      currency,
      debitMinor: 0n,
      creditMinor: 0n,
      accountId: accountId(owner.businessId, owner.mode, account, currency, party),
    })),
  );
}

/** What one of the caller's settlement entities is owed, per currency, from its payable accounts' lines. */
export async function payableBalances(ctx: RequestContext, party: string): Promise<Array<{ currency: string; balanceMinor: bigint }>> {
  const tenant = tenantCondition(tenantOf(ctx), 'a');
  const rows = await ctx.em.execute<Array<{ currency: string; balance: string }>>(
    `select a.currency, (coalesce(sum(l.credit_minor), 0) - coalesce(sum(l.debit_minor), 0))::text as balance
       from ledger_account a left join journal_line l on l.account_id = a.id
      where ${tenant.sql} and a.code = ? and a.party = ?
      group by a.id, a.currency order by a.currency`,
    [...tenant.params, ACCOUNTS.SETTLEMENT_PAYABLE.code, party],
  );
  return rows.map((row) => ({ currency: row.currency, balanceMinor: BigInt(row.balance) }));
}

export function findJournalEntry(ctx: RequestContext, id: string): Promise<JournalEntry | null> {
  tenantOf(ctx);
  return ctx.em.findOne(JournalEntry, { id }, { populate: ['lines', 'lines.account'] });
}

export function listJournalEntries(ctx: RequestContext, page: PageRequest) {
  tenantOf(ctx);
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(JournalEntry, { ...where }, { orderBy, limit, populate: ['lines', 'lines.account'] });
}

export interface AccountBalance {
  code: string;
  name: string;
  type: string;
  currency: string;
  /** For a settlement entity's payable account: the merchant's id for that entity. */
  settlementEntityId: string | null;
  balanceMinor: bigint;
}

/** Every account of the caller's business and mode with its balance, from the journal lines. */
export async function ledgerBalances(ctx: RequestContext): Promise<AccountBalance[]> {
  const tenant = tenantCondition(tenantOf(ctx), 'a');
  const rows = await ctx.em.execute<
    Array<{
      code: string;
      name: string;
      type: 'ASSET' | 'LIABILITY' | 'INCOME' | 'EXPENSE';
      currency: string;
      entity_id: string | null;
      debits: string;
      credits: string;
    }>
  >(
    `select a.code, a.name, a.type, a.currency, s.entity_id,
            coalesce(sum(l.debit_minor), 0)::text as debits, coalesce(sum(l.credit_minor), 0)::text as credits
       from ledger_account a left join journal_line l on l.account_id = a.id left join settlement_entity s on s.id = nullif(a.party, '')
      where ${tenant.sql}
      group by a.id, s.entity_id order by a.code, a.currency, s.entity_id nulls first`,
    tenant.params,
  );
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    type: row.type,
    currency: row.currency,
    settlementEntityId: row.entity_id,
    balanceMinor: naturalBalance(row.type, BigInt(row.debits), BigInt(row.credits)),
  }));
}
