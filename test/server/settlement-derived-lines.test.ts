import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/orm.ts';
import { batchLinesSql, createDueBatches, ledgerHorizon } from '../../server/modules/settlements/settlement-run.ts';
import { createTestDatabase } from '../support/database.ts';

// A batch's lines are derived from the ledger (settlement-run.ts); these are the parts the API tests
// cannot reach: batches from before the change, a line committing during a run, and the references
// the ledger now checks per statement.
const DERIVED = 'Migration20261204160000_settlement_lines_derived';
const REFERENCES = 'Migration20261204161000_statement_references';
const BUSINESS = 'biz_derivedlines0000000000';
const OTHER = 'biz_derivedother0000000000';
const ENTITY = 'se_derived000000000000000';
const PAYABLE = `la_derivedlines0000000000_TEST_2200_TZS_derived000000000000000`;
const CLEARING = 'la_derivedlines0000000000_TEST_1100_TZS';

let url: string;
let orm: MikroORM;
const sql = <T extends Array<Record<string, unknown>> = Array<Record<string, unknown>>>(text: string, params: unknown[] = []) =>
  orm.em.fork().execute<T>(text, params);

/** A payment's share posted clearing → the entity's payable, as the money path does. */
function paymentJournal(payment: string, amount: number, at = '2026-06-01T12:00:00Z') {
  return [
    `insert into journal_entry (id, business_id, mode, description, source, created_at) values ('je_${payment}', '${BUSINESS}', 'TEST', 'Payment', 'payment:${payment}', '${at}')`,
    `insert into journal_line (entry_id, account_id, currency, debit_minor, credit_minor) values
       ('je_${payment}', '${CLEARING}', 'TZS', ${amount}, 0), ('je_${payment}', '${PAYABLE}', 'TZS', 0, ${amount})`,
  ];
}

const linesOf = (batchId: string) =>
  sql<Array<{ id: string; kind: string; journal_entry_id: string; payment_id: string | null; amount_minor: string }>>(
    `select x.id::text, x.kind, x.journal_entry_id, x.payment_id, x.amount_minor::text from settlement_batch b cross join lateral ${batchLinesSql('b')} x
      where b.id = ? order by x.id`,
    [batchId],
  );
const manual = (at: string) => createDueBatches(orm.em.fork(), new Date(at), { trigger: 'MANUAL', businessId: BUSINESS, mode: 'TEST', entityRowId: ENTITY });

beforeAll(async () => {
  url = await createTestDatabase();
  orm = await openDatabase(url, { poolMax: 4 });
  // The database as it was before lines were derived, with one batch that copied its lines.
  await orm.migrator.down({ migrations: [REFERENCES] });
  await orm.migrator.down({ migrations: [DERIVED] });
  for (const [id, name] of [
    [BUSINESS, 'Derived lines'],
    [OTHER, 'Another business'],
  ])
    await sql(`insert into business (id, name, plan, country, default_currency, allowed_origins, show_secured_by, created_at)
               values ('${id}', '${name}', 'ENTERPRISE', 'TZ', 'TZS', '{}', true, now())`);
  await sql(`insert into settlement_entity (id, business_id, mode, entity_id, name, settlement_method, msisdn, mobile_provider, payout_schedule,
               payout_min_amount_minor, payout_currency, kyc_status, kyc_documents, created_at)
             values ('${ENTITY}', '${BUSINESS}', 'TEST', 'E-1', 'Entity', 'MOBILE_MONEY', '+255712111222', 'MPESA', 'MANUAL', 0, 'TZS', 'PENDING', '{}', now())`);
  await sql(`insert into ledger_account (id, business_id, mode, code, name, type, currency, party) values
               ('${PAYABLE}', '${BUSINESS}', 'TEST', '2200', 'Payable to settlement entity', 'LIABILITY', 'TZS', '${ENTITY}'),
               ('${CLEARING}', '${BUSINESS}', 'TEST', '1100', 'Partner clearing', 'ASSET', 'TZS', '')`);
  await orm.em.fork().transactional(async (tx) => {
    for (const text of [...paymentJournal('pay_old', 1_000), ...paymentJournal('pay_new', 250)]) await tx.execute(text);
  });
  await sql(`insert into settlement_batch (id, business_id, mode, settlement_entity_id, currency, status, trigger, cutoff_at, payments_up_to, gross_minor,
               reserve_minor, fee_minor, amount_minor, idempotency_key, attempt, journal_entry_id, created_at, updated_at)
             values ('stb_old', '${BUSINESS}', 'TEST', '${ENTITY}', 'TZS', 'PAID', 'MANUAL', '2026-06-01T13:00:00Z', '2026-06-01T13:00:00Z', 1000,
                     0, 0, 1000, 'settle_stb_old', 1, 'je_old_batch', now(), now())`);
  await sql(`insert into settlement_line (business_id, mode, batch_id, kind, journal_line_id, journal_entry_id, payment_id, amount_minor)
             select '${BUSINESS}', 'TEST', 'stb_old', 'PAYMENT', l.id, l.entry_id, 'pay_old', 1000 from journal_line l where l.entry_id = 'je_pay_old' and l.account_id = '${PAYABLE}'`);
  await orm.migrator.up();
}, 120_000);

afterAll(async () => {
  await orm?.close();
});

describe('a batch made before lines were derived', () => {
  it('keeps its copied lines, its payable lines are never paid again, and going down and up again keeps every batch’s lines', async () => {
    const copied = await sql<Array<{ id: string }>>(`select id::text from settlement_line where batch_id = 'stb_old'`);
    expect(await linesOf('stb_old')).toEqual([
      { id: copied[0]!.id, kind: 'PAYMENT', journal_entry_id: 'je_pay_old', payment_id: 'pay_old', amount_minor: '1000' },
    ]);

    const run = await manual('2026-06-02T09:00:00Z');
    expect(run.created.map((batch) => batch.amounts.grossMinor)).toEqual([250n]);
    const batchId = run.created[0]!.id;
    const lines = await linesOf(batchId);
    expect(lines.map((line) => [line.kind, line.payment_id, line.amount_minor])).toEqual([['PAYMENT', 'pay_new', '250']]);
    // A second batch now has nothing to pay.
    expect((await manual('2026-06-02T10:00:00Z')).created).toEqual([]);

    // Down copies derived lines back into rows; up again, each batch answers the same lines.
    await orm.migrator.down({ migrations: [REFERENCES] });
    await orm.migrator.down({ migrations: [DERIVED] });
    const rows = await sql(`select batch_id, kind, payment_id, amount_minor::text from settlement_line order by id`).finally(() => orm.migrator.up());
    expect(rows).toEqual([
      { batch_id: 'stb_old', kind: 'PAYMENT', payment_id: 'pay_old', amount_minor: '1000' },
      { batch_id: batchId, kind: 'PAYMENT', payment_id: 'pay_new', amount_minor: '250' },
    ]);
    expect((await linesOf(batchId)).map((line) => [line.kind, line.payment_id, line.amount_minor])).toEqual([['PAYMENT', 'pay_new', '250']]);
    expect(
      await sql(`select entry_id from journal_line group by entry_id, currency having sum(debit_minor) <> sum(credit_minor)`),
      'every journal balances',
    ).toEqual([]);
  });
});

describe('a journal line in flight while a run starts', () => {
  it('holds the run until it commits, and is then in the batch that counted it (never inside one that did not)', async () => {
    const writer = new pg.Client({ connectionString: url });
    await writer.connect();
    try {
      await writer.query('begin');
      for (const text of paymentJournal('pay_late', 400)) await writer.query(text);
      const [{ id: lateLine }] = (await writer.query(`select max(id)::text as id from journal_line where entry_id = 'je_pay_late'`)).rows;
      let settled = false;
      const running = manual('2026-06-03T09:00:00Z').then((result) => ((settled = true), result));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled).toBe(false);
      await writer.query('commit');
      const run = await running;
      expect(run.created.map((batch) => batch.amounts.grossMinor)).toEqual([400n]);
      const lines = await linesOf(run.created[0]!.id);
      expect(lines.map((line) => [line.id, line.payment_id])).toEqual([[lateLine, 'pay_late']]);
      expect(BigInt(await ledgerHorizon(orm.em.fork()))).toBeGreaterThanOrEqual(BigInt(lateLine));
    } finally {
      await writer.end();
    }
  });
});

describe('references checked once per statement', () => {
  it('refuse a line on an unknown account or journal, a journal or event of an unknown business, a batch of another business’s entity', async () => {
    await expect(
      orm.em
        .fork()
        .transactional((tx) =>
          tx.execute(`insert into journal_line (entry_id, account_id, currency, debit_minor, credit_minor) values ('je_pay_old', 'la_nowhere', 'TZS', 1, 0)`),
        ),
    ).rejects.toThrow(/does not exist/);
    await expect(
      sql(`insert into journal_line (entry_id, account_id, currency, debit_minor, credit_minor) values ('je_nowhere', '${PAYABLE}', 'TZS', 1, 0)`),
    ).rejects.toThrow(/does not exist/);
    await expect(
      sql(`insert into journal_entry (id, business_id, mode, description, source, created_at) values ('je_x', 'biz_nowhere', 'TEST', 'x', 'x:1', now())`),
    ).rejects.toThrow(/does not exist/);
    await expect(
      sql(`insert into outbox_event (id, business_id, mode, type, payload, created_at) values ('evt_x', 'biz_nowhere', 'TEST', 'x', '{}', now())`),
    ).rejects.toThrow(/does not exist/);
    await expect(
      sql(
        `insert into ledger_account (id, business_id, mode, code, name, type, currency, party) values ('la_x', 'biz_nowhere', 'TEST', '1100', 'x', 'ASSET', 'TZS', '')`,
      ),
    ).rejects.toThrow(/does not exist/);
    await expect(
      sql(`insert into settlement_batch (id, business_id, mode, settlement_entity_id, currency, status, trigger, cutoff_at, payments_up_to, gross_minor,
             reserve_minor, fee_minor, amount_minor, idempotency_key, attempt, journal_entry_id, created_at, updated_at)
           values ('stb_x', '${OTHER}', 'TEST', '${ENTITY}', 'TZS', 'PENDING', 'MANUAL', now(), now(), 1, 0, 0, 1, 'settle_stb_x', 0, 'je_x', now(), now())`),
    ).rejects.toThrow(/does not exist/);
    expect(await sql(`select id from settlement_batch where id = 'stb_x' union all select id from journal_entry where id = 'je_x'`)).toEqual([]);
  });

  it('keep every parent: accounts, entities and businesses are never deleted nor renumbered', async () => {
    await expect(sql(`delete from ledger_account where id = '${CLEARING}'`)).rejects.toThrow(/never deleted/);
    await expect(sql(`update ledger_account set id = 'la_moved' where id = '${CLEARING}'`)).rejects.toThrow(/never deleted/);
    await expect(sql(`delete from settlement_entity where id = '${ENTITY}'`)).rejects.toThrow(/never deleted/);
    await expect(sql(`delete from business where id = '${OTHER}'`)).rejects.toThrow(/never deleted/);
    // Other changes to them stay possible.
    await sql(`update business set name = 'Renamed' where id = '${OTHER}'`);
  });
});
