import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/api-keys.ts';
import { newId } from '../../domain/ids.ts';
import { ACCOUNTS, isBalanced, naturalBalance, type AccountKey, type PostingLine } from '../../domain/ledger.ts';
import { keysetPage, type PageRequest } from '../pagination.ts';
import type { ApiKeyPrincipal, RequestContext } from '../request-context.ts';
import { JournalEntry, JournalLine, LedgerAccount } from './ledger.entities.ts';

const accountId = (businessId: string, mode: Mode, key: AccountKey, currency: string) =>
  `la_${businessId.replace(/^biz_/, '')}_${mode}_${ACCOUNTS[key].code}_${currency}`;

/**
 * Records a balanced journal in the caller's transaction (accounts are opened on first use).
 * An unbalanced posting is a programming error: it throws here, and PostgreSQL would refuse it.
 */
export async function postJournal(
  em: EntityManager,
  journal: { businessId: string; mode: Mode; description: string; source: string; at: Date; lines: PostingLine[] },
): Promise<JournalEntry> {
  if (!isBalanced(journal.lines)) throw new Error(`Unbalanced posting for ${journal.source}`);
  const { businessId, mode } = journal;
  const accounts = new Map(journal.lines.map((line) => [accountId(businessId, mode, line.account, line.currency), line]));
  for (const [id, line] of accounts) {
    const account = ACCOUNTS[line.account];
    await em.execute(
      `insert into ledger_account (id, business_id, mode, code, name, type, currency) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
      [id, businessId, mode, account.code, account.name, account.type, line.currency],
    );
  }
  const entry = em.create(JournalEntry, {
    id: newId('je', journal.at),
    business: businessId,
    mode,
    description: journal.description,
    source: journal.source,
    createdAt: journal.at,
  });
  for (const line of journal.lines) {
    em.create(JournalLine, {
      entry,
      account: em.getReference(LedgerAccount, accountId(businessId, mode, line.account, line.currency)),
      currency: line.currency,
      debitMinor: line.debitMinor,
      creditMinor: line.creditMinor,
    });
  }
  return entry;
}

export function findJournalEntry(ctx: RequestContext, id: string): Promise<JournalEntry | null> {
  const caller = ctx.principal as ApiKeyPrincipal;
  return ctx.em.findOne(JournalEntry, { id, business: caller.businessId, mode: caller.mode }, { populate: ['lines', 'lines.account'] });
}

export function listJournalEntries(ctx: RequestContext, page: PageRequest) {
  const caller = ctx.principal as ApiKeyPrincipal;
  const { where, orderBy, limit } = keysetPage(page);
  return ctx.em.find(
    JournalEntry,
    { business: caller.businessId, mode: caller.mode, ...where },
    { orderBy, limit, populate: ['lines', 'lines.account'] },
  );
}

export interface AccountBalance {
  code: string;
  name: string;
  type: string;
  currency: string;
  balanceMinor: bigint;
}

/** Every account of the caller's business and mode with its balance, from the journal lines. */
export async function ledgerBalances(ctx: RequestContext): Promise<AccountBalance[]> {
  const caller = ctx.principal as ApiKeyPrincipal;
  const rows = await ctx.em.execute<Array<{ code: string; name: string; type: 'ASSET' | 'LIABILITY' | 'INCOME'; currency: string; debits: string; credits: string }>>(
    `select a.code, a.name, a.type, a.currency,
            coalesce(sum(l.debit_minor), 0)::text as debits, coalesce(sum(l.credit_minor), 0)::text as credits
       from ledger_account a left join journal_line l on l.account_id = a.id
      where a.business_id = ? and a.mode = ?
      group by a.id order by a.code, a.currency`,
    [caller.businessId, caller.mode],
  );
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    type: row.type,
    currency: row.currency,
    balanceMinor: naturalBalance(row.type, BigInt(row.debits), BigInt(row.credits)),
  }));
}
