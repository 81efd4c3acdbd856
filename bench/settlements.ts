import type { EntityManager } from '@mikro-orm/postgresql';
import { openDatabase } from '../server/db/orm.ts';
import { batchLinesSql, createDueBatches } from '../server/modules/settlements/settlement-run.ts';
import { median, ratio } from './support.ts';

const ENTITIES = Number(process.env.BENCH_SETTLEMENT_ENTITIES || 10_000);
const LINES = Number(process.env.BENCH_SETTLEMENT_LINES || 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const BUSINESS = 'biz_benchsettlements0000000';
const CUTOFF_RUN_AT = new Date('2026-06-02T00:05:00Z');

/**
 * A settlement run for 10,000 daily entities owed 100,000 payable ledger lines (split-payment
 * shares): the time to create every due batch and its lines (settlement-run.ts), as a ratio against
 * one `INSERT … SELECT … GROUP BY` over the same lines in the same database. Target ≤ 3×: the run is
 * set-based SQL, not a loop over entities. Each round runs on a fresh copy of the seeded database.
 */
export async function benchSettlements(databaseFrom: (name: string, template?: string) => Promise<string>) {
  const started = performance.now();
  await seedSettlementBench(await databaseFrom('bench_settle_seed'));
  console.log(`settlements: seeded ${ENTITIES} entities, ${LINES} payable lines in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const runMs: number[] = [];
  const baselineMs: number[] = [];
  const loggedMs: number[] = [];
  const floorMs: number[] = [];
  const floorTables: Array<Record<string, number>> = [];
  // Baseline: one set-based statement over the same lines, into a table of its own: a temporary one
  // (the target's figure) and, to show what WAL adds, a logged one like the run's tables.
  const baselineInto = async (em: EntityManager, table: string, logged = false) => {
    const t0 = performance.now();
    await em.transactional(async (tx) => {
      await tx.execute(`create ${logged ? '' : 'temp '}table ${table} (party text, currency text, total bigint)`);
      await tx.execute(`insert into ${table} (party, currency, total)
                        select a.party, l.currency, sum(l.credit_minor - l.debit_minor)
                          from journal_line l join ledger_account a on a.id = l.account_id join journal_entry e on e.id = l.entry_id
                         where a.code = '2200' and e.source like 'payment:%' group by a.party, l.currency`);
    });
    return performance.now() - t0;
  };
  for (let round = 0; round < ROUNDS; round++) {
    const orm = await openDatabase(await databaseFrom(`bench_settle_${round}`, 'bench_settle_seed'), { poolMax: 2 });
    try {
      const em = orm.em.fork();
      // Once untimed, so the baseline and the run both read the lines from memory (a fresh copy of the
      // database starts cold, which would slow whichever came first).
      await baselineInto(em, 'warm_up');
      baselineMs.push(await baselineInto(em, 'baseline_totals'));
      loggedMs.push(await baselineInto(em, 'baseline_totals_logged', true));
      const t0 = performance.now();
      const result = await createDueBatches(orm.em.fork(), CUTOFF_RUN_AT, { trigger: 'SCHEDULED' });
      runMs.push(performance.now() - t0);
      const copied = await copyRunRows(em);
      floorTables.push(copied);
      floorMs.push(Object.values(copied).reduce((sum, ms) => sum + ms, 0));
      const [counts] = await em
        .getConnection()
        .execute<Array<{ batches: string; lines: string }>>(
          `select (select count(*) from settlement_batch) as batches, (select count(*) from settlement_batch b cross join lateral ${batchLinesSql('b')} x) as lines`,
        );
      if (result.created.length !== ENTITIES || Number(counts!.batches) !== ENTITIES || Number(counts!.lines) !== LINES)
        throw new Error(`settlement run made ${counts!.batches} batches and ${counts!.lines} lines, expected ${ENTITIES} and ${LINES}`);
    } finally {
      await orm.close();
    }
  }
  const run = median(runMs);
  const baseline = median(baselineMs);
  const logged = median(loggedMs);
  const rounds = (values: number[]) => values.map((ms) => ms.toFixed(0)).join('/');
  console.log(
    `settlements: run ${run.toFixed(0)} ms (batches, journals, lines, events for ${ENTITIES} entities) vs INSERT … SELECT … GROUP BY into a temp table ${baseline.toFixed(0)} ms` +
      ` = ${ratio(run, baseline).toFixed(2)}× (target ≤ 3×; rounds ${rounds(runMs)} vs ${rounds(baselineMs)} ms)`,
  );
  console.log(
    `settlements: the rows the run writes, copied by plain INSERT … SELECT (no computing): ${median(floorMs).toFixed(0)} ms (${rounds(floorMs)}) = ${ratio(median(floorMs), baseline).toFixed(2)}× the baseline` +
      ` (${Object.keys(floorTables[0] ?? {})
        .map((table) => `${table} ${median(floorTables.map((round) => round[table]!)).toFixed(0)}`)
        .join(', ')} ms)`,
  );
  console.log(
    `settlements: the same baseline into a logged table ${logged.toFixed(0)} ms (${rounds(loggedMs)}): run = ${ratio(run, logged).toFixed(2)}× of it`,
  );
}

/**
 * What writing the run's rows costs by itself, with the same indexes and checks: the batches,
 * journals, journal lines and events it made, copied under new ids by four INSERT … SELECT, then
 * rolled back. The part of the run no query plan can remove.
 */
async function copyRunRows(em: EntityManager): Promise<Record<string, number>> {
  const ms: Record<string, number> = {};
  const timed = async (table: string, run: () => Promise<unknown>) => {
    const t0 = performance.now();
    await run();
    ms[table] = performance.now() - t0;
  };
  await em
    .transactional(async (tx) => {
      await timed('settlement_batch', () =>
        tx.execute(`insert into settlement_batch (id, business_id, mode, settlement_entity_id, currency, status, trigger, cutoff_at, payments_up_to, gross_minor, reserve_minor, fee_minor, amount_minor, idempotency_key, attempt, journal_entry_id, created_at, updated_at, lines_after_id, lines_after_payments_up_to, lines_through_id)
          select 'stbx' || substr(id, 4), business_id, mode, settlement_entity_id, currency, status, trigger, cutoff_at + interval '1 day', payments_up_to,
                 gross_minor, reserve_minor, fee_minor, amount_minor, 'settle_stbx' || substr(id, 4), attempt, 'jex' || substr(journal_entry_id, 3),
                 created_at, updated_at, lines_after_id, lines_after_payments_up_to, lines_through_id
            from settlement_batch`),
      );
      await timed('journal_entry', () =>
        tx.execute(`insert into journal_entry (id, business_id, mode, description, source, created_at)
          select 'jex' || substr(id, 3), business_id, mode, description, 'x' || source, created_at from journal_entry where source like 'settlement:%'`),
      );
      await timed('journal_line', () =>
        tx.execute(`insert into journal_line (entry_id, account_id, currency, debit_minor, credit_minor)
          select 'jex' || substr(l.entry_id, 3), l.account_id, l.currency, l.debit_minor, l.credit_minor
            from journal_line l join journal_entry e on e.id = l.entry_id where e.source like 'settlement:%'`),
      );
      await timed('outbox_event', () =>
        tx.execute(`insert into outbox_event (id, business_id, mode, type, payload, created_at)
          select 'evtx' || substr(id, 4), business_id, mode, type, payload, created_at from outbox_event where type = 'settlement.created'`),
      );
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return ms;
}

class RolledBack extends Error {}

/** The bench's data: one business, its entities with their payable accounts, and one payment journal per line. */
export async function seedSettlementBench(url: string) {
  const seed = await openDatabase(url, { poolMax: 2 });
  try {
    const sql = (text: string) => seed.em.getConnection().execute(text);
    await sql(`insert into business (id, name, plan, country, default_currency, allowed_origins, show_secured_by, created_at)
               values ('${BUSINESS}', 'Bench settlements', 'ENTERPRISE', 'TZ', 'TZS', '{}', true, now())`);
    await sql(`insert into settlement_entity (id, business_id, mode, entity_id, name, settlement_method, msisdn, mobile_provider, payout_schedule,
                 payout_min_amount_minor, payout_currency, kyc_status, kyc_documents, created_at)
               select 'se_bench' || lpad(i::text, 8, '0'), '${BUSINESS}', 'TEST', 'E-' || i, 'Entity ' || i, 'MOBILE_MONEY', '+255712111222', 'MPESA', 'DAILY',
                      0, 'TZS', 'PENDING', '{}', now()
                 from generate_series(1, ${ENTITIES}) as i`);
    const account = (code: string, party: string) => `'la_benchsettlements0000000_TEST_${code}_TZS' || ${party}`;
    // Each entity's own accounts, opened with it as createSettlementEntity does (openSettlementAccounts).
    await sql(`insert into ledger_account (id, business_id, mode, code, name, type, currency, party)
               select ${account(`' || c.code || '`, `'_bench' || lpad(i::text, 8, '0')`)}, '${BUSINESS}', 'TEST', c.code, c.name, 'LIABILITY', 'TZS',
                      'se_bench' || lpad(i::text, 8, '0')
                 from generate_series(1, ${ENTITIES}) as i
                cross join (values ('2200', 'Payable to settlement entity'), ('2210', 'Settlement reserve'), ('2220', 'Payout in transit')) as c(code, name)
               union all select 'la_benchsettlements0000000_TEST_1100_TZS', '${BUSINESS}', 'TEST', '1100', 'Partner clearing', 'ASSET', 'TZS', ''`);
    // One journal per payment share: clearing → the entity's payable.
    await sql(`insert into journal_entry (id, business_id, mode, description, source, created_at)
               select 'je_bench' || lpad(i::text, 10, '0'), '${BUSINESS}', 'TEST', 'Payment', 'payment:pay_bench' || lpad(i::text, 10, '0'), '2026-06-01T12:00:00Z'
                 from generate_series(1, ${LINES}) as i`);
    await sql(`insert into journal_line (entry_id, account_id, currency, debit_minor, credit_minor)
               select 'je_bench' || lpad(i::text, 10, '0'), 'la_benchsettlements0000000_TEST_1100_TZS', 'TZS', 1000 + i % 97, 0 from generate_series(1, ${LINES}) as i
               union all
               select 'je_bench' || lpad(i::text, 10, '0'), ${account('2200', `'_bench' || lpad((1 + i % ${ENTITIES})::text, 8, '0')`)}, 'TZS', 0, 1000 + i % 97
                 from generate_series(1, ${LINES}) as i`);
    await sql('vacuum analyze');
  } finally {
    await seed.close();
  }
}
