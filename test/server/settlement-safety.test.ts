import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSettlementBody } from '../../server/domain/settlement-signature.ts';
import type { PayoutSubmission, SettlementMachine } from '../../server/modules/settlements/settlement-machine.ts';
import type { SandboxSettlementMachine } from '../../server/providers/settlement-machine/sandbox-settlement-machine.ts';
import { SETTLEMENT_MACHINE_WEBHOOK_PATH } from '../../server/providers/settlement-machine/settlement-machine-webhook.ts';
import { moneyRowCounts, unbalancedJournals } from '../support/money-path.ts';
import { onboardBusiness, TEST_SETTLEMENT_SECRET, type TestServer } from '../support/server.ts';
import { CREATE_BATCH, sandboxMachineFor, settlementClient, startSettlementServer, type SettlementTestServer } from '../support/settlements.ts';

const SCHOOL = [{ entityId: 'SCHOOL', percentage: 100 }];

/** Rows a settlement callback could touch: the money rows, and the batches' states. */
async function settlementRows(server: TestServer) {
  const [batches] = await server.orm.em
    .getConnection()
    .execute<Array<{ states: string | null }>>(`select string_agg(id || ':' || status || ':' || attempt, ',' order by id) as states from settlement_batch`);
  return { ...(await moneyRowCounts(server)), batches: batches!.states };
}

async function postCallback(server: TestServer, body: string | Buffer, signature: string | null) {
  const response = await fetch(`${server.url}${SETTLEMENT_MACHINE_WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-settlement-signature': signature } : {}) },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('the settlement machine callback refuses what it must, and writes nothing', () => {
  let t: SettlementTestServer;
  let batch: { id: string; idempotencyKey: string; attempt: number };
  beforeAll(async () => {
    t = await startSettlementServer('2026-03-02T10:00:00Z');
    const { testKey } = await onboardBusiness(t.server, { name: 'Callback School', country: 'TZ', defaultCurrency: 'TZS' });
    const api = settlementClient(t, testKey);
    await api.entity('SCHOOL', { payoutSchedule: 'DAILY', payoutMinAmount: 100 });
    await api.pay(10_000, SCHOOL);
    t.clock.set('2026-03-03T00:01:00Z');
    await t.pass();
    [batch] = await api.batches('SCHOOL');
    expect(batch).toMatchObject({ status: 'SUBMITTED', attempt: 1 });
  });
  afterAll(() => t.server.close());

  const callback = (fields: Record<string, unknown> = {}) =>
    JSON.stringify({
      event: 'payout.paid',
      batchId: batch.id,
      idempotencyKey: batch.idempotencyKey,
      attempt: batch.attempt,
      reference: 'stm_test',
      reason: null,
      at: t.clock.now().toISOString(),
      ...fields,
    });
  const signed = (body: string | Buffer, at = t.clock.now(), secret = TEST_SETTLEMENT_SECRET) => signSettlementBody(secret, body, at);

  const refusals: Array<[string, () => { body: string | Buffer; signature: string | null }, number, string]> = [
    [
      'a forged signature (another secret)',
      () => ({ body: callback(), signature: signed(callback(), undefined, 'not-the-machine') }),
      401,
      'INVALID_SIGNATURE',
    ],
    ['no signature', () => ({ body: callback(), signature: null }), 401, 'INVALID_SIGNATURE'],
    ['a body changed after signing', () => ({ body: callback({ reference: 'stm_other' }), signature: signed(callback()) }), 401, 'INVALID_SIGNATURE'],
    [
      'a stale timestamp (signed 6 minutes ago)',
      () => ({ body: callback(), signature: signed(callback(), new Date(t.clock.now().getTime() - 6 * 60_000)) }),
      401,
      'INVALID_SIGNATURE',
    ],
    [
      'a timestamp from the future (6 minutes ahead)',
      () => ({ body: callback(), signature: signed(callback(), new Date(t.clock.now().getTime() + 6 * 60_000)) }),
      401,
      'INVALID_SIGNATURE',
    ],
    ['an unknown batch', () => ({ body: callback({ batchId: 'stb_nope' }), signature: signed(callback({ batchId: 'stb_nope' })) }), 404, 'UNKNOWN_BATCH'],
    [
      'a batch under another idempotency key',
      () => ({ body: callback({ idempotencyKey: 'settle_other' }), signature: signed(callback({ idempotencyKey: 'settle_other' })) }),
      404,
      'UNKNOWN_BATCH',
    ],
    [
      'a NUL byte in a field',
      () => ({ body: callback({ reference: 'stm\u0000x' }), signature: signed(callback({ reference: 'stm\u0000x' })) }),
      400,
      'INVALID_TEXT',
    ],
    ['not JSON', () => ({ body: '{"event":', signature: signed('{"event":') }), 400, 'MALFORMED_BODY'],
    ['an unknown event', () => ({ body: callback({ event: 'payout.maybe' }), signature: signed(callback({ event: 'payout.maybe' })) }), 400, 'MALFORMED_BODY'],
    [
      'bytes that are not UTF-8',
      () => {
        const body = Buffer.concat([Buffer.from(callback().slice(0, -1)), Buffer.from([0xff, 0xfe]), Buffer.from('}')]);
        return { body, signature: signed(body) };
      },
      400,
      'INVALID_ENCODING',
    ],
    [
      'a huge body (over 64 KB), even signed',
      () => {
        const body = callback({ reason: 'x'.repeat(70_000) });
        return { body, signature: signed(body) };
      },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
  ];
  for (const [name, make, status, code] of refusals)
    it(`${name} → ${status} ${code}`, async () => {
      const before = await settlementRows(t.server);
      const { body, signature } = make();
      const answer = await postCallback(t.server, body, signature);
      expect(answer.status).toBe(status);
      expect(answer.body.error.code).toBe(code);
      expect(await settlementRows(t.server)).toEqual(before);
    });

  it('a duplicate applies once; a reordered or older result (PAID after FAILED, an old attempt) changes nothing', async () => {
    let before = await settlementRows(t.server);
    const paid = callback();
    const first = await postCallback(t.server, paid, signed(paid));
    expect(first).toEqual({ status: 200, body: { received: true, batchId: batch.id, status: 'PAID', applied: true } });
    const afterFirst = await settlementRows(t.server);
    // One journal (in transit → wallet clearing), one event, the raw bytes.
    expect(afterFirst).toMatchObject({ journals: before.journals + 1, events: before.events + 1, deliveries: before.deliveries + 1 });

    // The same callback again, and a FAILED for the same attempt after it: answered, kept raw, nothing else.
    const failed = callback({ event: 'payout.failed', reason: 'Declined' });
    before = afterFirst;
    for (const [body, times] of [
      [paid, 3],
      [failed, 2],
      [callback({ reference: 'stm_again' }), 1],
    ] as const) {
      for (let i = 0; i < times; i++) {
        const answer = await postCallback(t.server, body, signed(body));
        expect(answer).toEqual({ status: 200, body: { received: true, batchId: batch.id, status: 'PAID', applied: false } });
      }
    }
    const after = await settlementRows(t.server);
    expect({ ...after, deliveries: before.deliveries }).toEqual(before);
    expect(after.deliveries).toBe(before.deliveries + 6);
    expect(await unbalancedJournals(t.server)).toEqual([]);
  });
});

describe('a FAILED result followed by a late PAID for the same attempt, and results about an older attempt', () => {
  it('keep the batch FAILED (its money back in payable) and a retry pays once', async () => {
    const t = await startSettlementServer('2026-03-02T10:00:00Z');
    try {
      const { testKey } = await onboardBusiness(t.server, { name: 'Reorder School', country: 'TZ', defaultCurrency: 'TZS' });
      const api = settlementClient(t, testKey);
      await api.entity('SCHOOL', { payoutSchedule: 'DAILY', payoutMinAmount: 100 });
      await api.pay(10_000, SCHOOL);
      t.machine.setBehaviour(() => 'FAIL');
      t.clock.set('2026-03-03T00:01:00Z');
      await t.pass();
      const [batch] = await api.batches('SCHOOL');
      const [failedCallback] = t.machine.takeCallbacks();
      expect(await t.machine.deliver(failedCallback!)).toBe(200);
      expect((await api.batches('SCHOOL'))[0].status).toBe('FAILED');
      const before = await settlementRows(t.server);
      // A forged-looking but correctly signed PAID for the failed attempt: FAILED → PAID is not a move.
      const latePaid = JSON.stringify({ ...JSON.parse(failedCallback!.body), event: 'payout.paid', reason: null });
      const answer = await postCallback(t.server, latePaid, signSettlementBody(TEST_SETTLEMENT_SECRET, latePaid, t.clock.now()));
      expect(answer).toEqual({ status: 200, body: { received: true, batchId: batch.id, status: 'FAILED', applied: false } });
      expect({ ...(await settlementRows(t.server)), deliveries: before.deliveries }).toEqual(before);
      expect(await api.balances('SCHOOL')).toMatchObject({ payable: 10_000, inTransit: 0, paidOut: 0 });

      // The retry (attempt 2) pays; attempt 1's FAILED delivered again afterwards changes nothing.
      t.machine.setBehaviour(() => 'PAY');
      const retried = await api.gql(
        `mutation ($input: RetrySettlementSubmissionInput!) { retrySettlementSubmission(input: $input) { settlementBatch { status attempt } userErrors { code } } }`,
        { input: { batchId: batch.id } },
      );
      expect(retried.body.data.retrySettlementSubmission.settlementBatch).toEqual({ status: 'SUBMITTED', attempt: 2 });
      expect(await t.deliverCallbacks()).toEqual([200]);
      expect(await t.machine.deliver(failedCallback!)).toBe(200);
      expect((await api.batches('SCHOOL'))[0]).toMatchObject({ status: 'PAID', attempt: 2 });
      expect(await api.balances('SCHOOL')).toEqual({ payable: 0, reserved: 0, inTransit: 0, paidOut: 10_000 });
      expect(t.machine.disbursements.filter((d) => d.idempotencyKey === batch.idempotencyKey)).toHaveLength(1);
      expect((await api.reconciliation('SCHOOL')).balanced).toBe(true);
      expect(await unbalancedJournals(t.server)).toEqual([]);
    } finally {
      await t.server.close();
    }
  });
});

/** A port to the sandbox whose submissions reach it and then never return: the process dies waiting. */
function neverAnswers(reached: PayoutSubmission[], lose = false) {
  return (sandbox: SandboxSettlementMachine): SettlementMachine => ({
    async submit(submission) {
      reached.push(submission);
      if (!lose) await sandbox.submit(submission).catch(() => undefined);
      return new Promise(() => {});
    },
    query: (key) => sandbox.query(key),
  });
}

describe('a crash between submission and callback loses nothing and pays nothing twice', () => {
  it.each([
    ['the machine got the submission and paid it', false],
    ['the submission never reached the machine', true],
  ])('%s: a new process on the same database re-queries the UNKNOWN batch and settles it once', async (_name, lose) => {
    const reached: PayoutSubmission[] = [];
    const first = await startSettlementServer('2026-03-02T10:00:00Z', { port: neverAnswers(reached, lose) });
    const sandbox = { machine: first.machine, target: first.target };
    const { testKey } = await onboardBusiness(first.server, { name: 'Crash School', country: 'TZ', defaultCurrency: 'TZS' });
    let api = settlementClient(first, testKey);
    await api.entity('SCHOOL', { payoutSchedule: 'DAILY', payoutMinAmount: 100, reservePercent: 10, reserveHoldDays: 7 });
    await api.pay(20_000, SCHOOL);
    first.clock.set('2026-03-03T00:01:00Z');
    // The pass makes the batch, records the submission (UNKNOWN, before the call) and hangs in the call.
    void first.pass().catch(() => undefined);
    const conn = first.server.orm.em.getConnection();
    const status = async () => ((await conn.execute(`select status from settlement_batch`)) as Array<{ status: string }>).map((row) => row.status);
    for (let i = 0; i < 400 && !reached.length; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(reached.map((s) => s.attempt)).toEqual([1]);
    expect(await status()).toEqual(['UNKNOWN']);
    expect(first.machine.disbursements).toHaveLength(lose ? 0 : 1);
    // The process dies: its callback (if any) was never delivered.
    await first.server.stop();

    const second = await startSettlementServer(undefined, { clock: first.clock, sandbox, databaseUrl: first.server.databaseUrl });
    try {
      api = settlementClient(second, testKey);
      const [batch] = await api.batches('SCHOOL');
      expect(batch).toMatchObject({ status: 'UNKNOWN', attempt: 1, amount: { amountMinor: 18_000 }, reserve: { amountMinor: 2_000 } });
      expect(await api.balances('SCHOOL')).toEqual({ payable: 0, reserved: 2_000, inTransit: 18_000, paidOut: 0 });
      // A submission still on its way is not taken for a lost one: too young to re-query.
      expect((await second.pass({ requeryAfterMs: 60_000 })).requeried).toBe(0);
      second.clock.advance(2 * 60_000);
      const pass = await second.pass();
      expect(pass.requeried).toBe(1);
      // Paid: applied from the re-query. Lost: resubmitted under the same key (attempt 2), then paid.
      const [after] = await api.batches('SCHOOL');
      expect(after).toMatchObject(lose ? { status: 'SUBMITTED', attempt: 2 } : { status: 'PAID', attempt: 1 });
      // Every callback the machine has (the first process's, the new ones), delivered twice.
      const statuses = await second.deliverCallbacks({ times: 2 });
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect((await api.batches('SCHOOL'))[0].status).toBe('PAID');
      expect(second.machine.disbursements.filter((d) => d.idempotencyKey === batch.idempotencyKey)).toHaveLength(1);
      expect(second.machine.received.map((r) => r.submission.idempotencyKey).every((key) => key === batch.idempotencyKey)).toBe(true);
      expect(await api.balances('SCHOOL')).toEqual({ payable: 0, reserved: 2_000, inTransit: 0, paidOut: 18_000 });
      // Another pass finds nothing to do.
      expect(await second.pass()).toMatchObject({ submitted: 0, requeried: 0, run: { created: [] } });
      expect(await api.reconciliation('SCHOOL')).toMatchObject({ balanced: true, difference: { amountMinor: 0 } });
      expect(await unbalancedJournals(second.server)).toEqual([]);
    } finally {
      await second.server.close();
    }
  });
});

describe('the pg-boss cron creates due batches with no traffic', () => {
  it('a process started after a cut-off, cron on, makes and submits the batch by itself', async () => {
    const first = await startSettlementServer('2026-03-02T10:00:00Z');
    const { testKey } = await onboardBusiness(first.server, { name: 'Cron School', country: 'TZ', defaultCurrency: 'TZS' });
    const api = settlementClient(first, testKey);
    await api.entity('SCHOOL', { payoutSchedule: 'DAILY', payoutMinAmount: 100 });
    await api.entity('WEEKLY', { payoutSchedule: 'WEEKLY', payoutWeekday: 1, payoutMinAmount: 100 });
    await api.pay(10_000, [
      { entityId: 'SCHOOL', percentage: 50 },
      { entityId: 'WEEKLY', percentage: 50 },
    ]);
    await first.server.stop();

    // Tuesday just after midnight: SCHOOL's daily cut-off is due; WEEKLY's (Monday 00:00) came before the payment.
    first.clock.set('2026-03-03T00:01:00Z');
    const { machine, target } = sandboxMachineFor(first.clock);
    const second = await startSettlementServer(undefined, {
      clock: first.clock,
      sandbox: { machine, target },
      databaseUrl: first.server.databaseUrl,
      config: { settlementCron: '* * * * *', settlementPollSeconds: 1 },
    });
    try {
      // No request at all: only the database is watched.
      const conn = second.server.orm.em.getConnection();
      const batches = async () =>
        (await conn.execute(
          `select e.entity_id, b.status, b.trigger, b.cutoff_at from settlement_batch b join settlement_entity e on e.id = b.settlement_entity_id`,
        )) as Array<{ entity_id: string; status: string; trigger: string; cutoff_at: string }>;
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline && !(await batches()).some((b) => b.status === 'SUBMITTED')) await new Promise((resolve) => setTimeout(resolve, 250));
      const made = await batches();
      expect(made).toHaveLength(1);
      expect(made[0]).toMatchObject({ entity_id: 'SCHOOL', status: 'SUBMITTED', trigger: 'SCHEDULED' });
      expect(new Date(made[0]!.cutoff_at).toISOString()).toBe('2026-03-03T00:00:00.000Z');
      expect(machine.received).toHaveLength(1);
    } finally {
      await second.server.close();
    }
  }, 120_000);
});

describe('the ledger refuses an unbalanced journal, checked once per statement', () => {
  let t: SettlementTestServer;
  let businessId: string;
  beforeAll(async () => {
    t = await startSettlementServer('2026-03-02T10:00:00Z');
    ({ businessId } = await onboardBusiness(t.server, { name: 'Ledger School', country: 'TZ', defaultCurrency: 'TZS' }));
    await t.server.orm.em.getConnection().execute(
      `insert into ledger_account (id, business_id, mode, code, name, type, currency, party) values
           ('la_test_a', ?, 'TEST', '9001', 'A', 'ASSET', 'TZS', ''), ('la_test_b', ?, 'TEST', '9002', 'B', 'LIABILITY', 'TZS', ''),
           ('la_test_c', ?, 'TEST', '9001', 'A', 'ASSET', 'KES', ''), ('la_test_d', ?, 'TEST', '9002', 'B', 'LIABILITY', 'KES', '')`,
      [businessId, businessId, businessId, businessId],
    );
  });
  afterAll(() => t.server.close());

  /** Journals `ids`, then each statement's lines `[entry, account, currency, debit, credit]`, in one transaction. */
  const post = (ids: string[], statements: Array<Array<[string, string, string, number, number]>>) =>
    t.server.orm.em.fork().transactional(async (tx) => {
      await tx.execute(
        `insert into journal_entry (id, business_id, mode, description, source, created_at)
         select id, ?, 'TEST', 'test', 'test:' || id, now() from unnest(?::text[]) as id`,
        [businessId, `{${ids.join(',')}}`],
      );
      for (const lines of statements)
        await tx.execute(
          `insert into journal_line (entry_id, account_id, currency, debit_minor, credit_minor) values ${lines.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
          lines.flat(),
        );
    });
  const journals = async (ids: string[]) =>
    (
      (await t.server.orm.em.getConnection().execute(`select id from journal_entry where id = any(?::text[]) order by id`, [`{${ids.join(',')}}`])) as Array<{
        id: string;
      }>
    ).map((row) => row.id);

  it('one statement of many journals, one of them off by one: the whole transaction is refused', async () => {
    const ids = ['je_set_1', 'je_set_2', 'je_set_3'];
    await expect(
      post(ids, [
        [
          ['je_set_1', 'la_test_a', 'TZS', 100, 0],
          ['je_set_1', 'la_test_b', 'TZS', 0, 100],
          ['je_set_2', 'la_test_a', 'TZS', 50, 0],
          ['je_set_2', 'la_test_b', 'TZS', 0, 49],
          ['je_set_3', 'la_test_a', 'TZS', 7, 0],
          ['je_set_3', 'la_test_b', 'TZS', 0, 7],
        ],
      ]),
    ).rejects.toThrow(/journal je_set_2 is unbalanced: TZS off by 1/);
    expect(await journals(ids)).toEqual([]);
  });

  it('balanced in total but not per currency: refused', async () => {
    await expect(
      post(
        ['je_fx'],
        [
          [
            ['je_fx', 'la_test_a', 'TZS', 100, 0],
            ['je_fx', 'la_test_d', 'KES', 0, 100],
          ],
        ],
      ),
    ).rejects.toThrow(/journal je_fx is unbalanced/);
    expect(await journals(['je_fx'])).toEqual([]);
  });

  it('a single line is refused', async () => {
    await expect(post(['je_one'], [[['je_one', 'la_test_a', 'TZS', 100, 0]]])).rejects.toThrow(/journal je_one is unbalanced/);
  });

  it('a journal balanced by its first statement and unbalanced by a later one is refused', async () => {
    await expect(
      post(
        ['je_later'],
        [
          [
            ['je_later', 'la_test_a', 'TZS', 100, 0],
            ['je_later', 'la_test_b', 'TZS', 0, 100],
          ],
          [['je_later', 'la_test_a', 'TZS', 5, 0]],
        ],
      ),
    ).rejects.toThrow(/journal je_later is unbalanced: TZS off by 5/);
    expect(await journals(['je_later'])).toEqual([]);
  });

  it('lines of one journal over several statements balance at commit: accepted, and nothing is left noted', async () => {
    await post(
      ['je_split', 'je_multi'],
      [
        [
          ['je_split', 'la_test_a', 'TZS', 100, 0],
          ['je_multi', 'la_test_a', 'TZS', 10, 0],
          ['je_multi', 'la_test_b', 'TZS', 0, 10],
          ['je_multi', 'la_test_c', 'KES', 3, 0],
        ],
        [['je_split', 'la_test_b', 'TZS', 0, 60]],
        [
          ['je_split', 'la_test_b', 'TZS', 0, 40],
          ['je_multi', 'la_test_d', 'KES', 0, 3],
        ],
      ],
    );
    expect(await journals(['je_split', 'je_multi'])).toEqual(['je_multi', 'je_split']);
    expect(await t.server.orm.em.getConnection().execute(`select * from journal_balance_pending`)).toEqual([]);
    expect(await unbalancedJournals(t.server)).toEqual([]);
  });
});

describe('a SUBMITTED batch whose callback is lost for good', () => {
  it('is re-queried once it has been silent for 30 minutes, paid once, and the late callback changes nothing', async () => {
    const t = await startSettlementServer('2026-03-02T10:00:00Z');
    try {
      const { testKey } = await onboardBusiness(t.server, { name: 'Silent School', country: 'TZ', defaultCurrency: 'TZS' });
      const api = settlementClient(t, testKey);
      await api.entity('SCHOOL', { payoutSchedule: 'DAILY', payoutMinAmount: 100 });
      await api.pay(20_000, SCHOOL);
      t.clock.set('2026-03-03T00:01:00Z');
      expect((await t.pass()).submitted).toBe(1);
      const [batch] = await api.batches('SCHOOL');
      expect(batch).toMatchObject({ status: 'SUBMITTED', attempt: 1 });
      // The machine paid it; its callback is held back (lost, as far as we know).
      t.clock.advance(29 * 60_000);
      expect((await t.pass()).requeried).toBe(0);
      expect(await api.balances('SCHOOL')).toMatchObject({ inTransit: 20_000, paidOut: 0 });
      t.clock.advance(2 * 60_000);
      expect((await t.pass()).requeried).toBe(1);
      expect((await api.batches('SCHOOL'))[0]).toMatchObject({ status: 'PAID', attempt: 1 });
      expect(await api.balances('SCHOOL')).toEqual({ payable: 0, reserved: 0, inTransit: 0, paidOut: 20_000 });
      // The callback finally arrives, twice: nothing more moves.
      expect((await t.deliverCallbacks({ times: 2 })).every((status) => status === 200)).toBe(true);
      expect(await api.balances('SCHOOL')).toEqual({ payable: 0, reserved: 0, inTransit: 0, paidOut: 20_000 });
      expect(t.machine.disbursements.filter((d) => d.idempotencyKey === batch.idempotencyKey)).toHaveLength(1);
      expect(await t.pass()).toMatchObject({ submitted: 0, requeried: 0 });
      expect(await unbalancedJournals(t.server)).toEqual([]);
    } finally {
      await t.server.close();
    }
  });
});

describe('two manual batches for one entity at the same instant', () => {
  it('the second is refused with INVALID_STATE (not a 500), its money stays payable, and a moment later it is batched', async () => {
    const t = await startSettlementServer('2026-03-02T10:00:00Z');
    try {
      const { testKey } = await onboardBusiness(t.server, { name: 'Manual School', country: 'TZ', defaultCurrency: 'TZS' });
      const api = settlementClient(t, testKey);
      await api.entity('SCHOOL', { payoutSchedule: 'MANUAL', payoutMinAmount: 100 });
      await api.pay(20_000, SCHOOL);
      const first = (await api.gql(CREATE_BATCH, { input: { entityId: 'SCHOOL' } })).body.data.createSettlementBatch;
      expect(first.userErrors).toEqual([]);
      await api.pay(5_000, SCHOOL);
      const second = await api.gql(CREATE_BATCH, { input: { entityId: 'SCHOOL' } });
      expect(second.body.errors).toBeUndefined();
      expect(second.body.data.createSettlementBatch).toMatchObject({ settlementBatch: null, userErrors: [{ code: 'INVALID_STATE' }] });
      expect(await api.balances('SCHOOL')).toMatchObject({ payable: 5_000, inTransit: 20_000 });
      t.clock.advance(1_000);
      const third = (await api.gql(CREATE_BATCH, { input: { entityId: 'SCHOOL' } })).body.data.createSettlementBatch;
      expect(third).toMatchObject({ settlementBatch: { amount: { amountMinor: 5_000 } }, userErrors: [] });
      expect(await api.balances('SCHOOL')).toMatchObject({ payable: 0, inTransit: 25_000 });
      expect(await unbalancedJournals(t.server)).toEqual([]);
    } finally {
      await t.server.close();
    }
  });
});
