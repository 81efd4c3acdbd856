import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/orm.ts';
import { sql } from 'kysely';
import { compiled, executeAutocommit, FirstRoundTripFailed, isUniqueViolation, pipelinedTransaction } from '../../server/db/pipelined-transaction.ts';
import { createTestDatabase } from '../support/database.ts';

let orm: MikroORM;
beforeAll(async () => {
  orm = await openDatabase(await createTestDatabase(), { poolMax: 2 });
  await orm.em.getConnection().execute(`create table pt_row (id int primary key, note text)`);
});
afterAll(() => orm.close());

const rows = async () =>
  (await orm.em.getConnection().execute<Array<{ id: number; note: string }>>(`select id, note from pt_row order by id`)).map((r) => [r.id, r.note]);
const clear = () => orm.em.getConnection().execute(`delete from pt_row`);

/** Round trips the server saw: statements counted by pg_stat on this database are too coarse, so count client queries. */
async function countingQueries<T>(run: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const pool = (await (orm.em.getConnection() as any).getNativeClient()) as { connect(): Promise<any> };
  const connect = pool.connect.bind(pool);
  let queries = 0;
  pool.connect = async () => {
    const client = await connect();
    const query = client.query.bind(client);
    client.query = (...args: unknown[]) => (queries++, query(...args));
    pool.connect = connect;
    return client;
  };
  const result = await run();
  return { result, queries };
}

describe('pipelinedTransaction', () => {
  it('runs batches in order, returns each statement its rows, and commits with the last batch: two round trips', async () => {
    await clear();
    const { result, queries } = await countingQueries(() =>
      pipelinedTransaction(orm.em, async (tx) => {
        const [inserted, counted] = await tx.batch([
          { sql: `insert into pt_row (id, note) values (?, ?) returning id`, params: [1, 'one'] },
          { sql: `select count(*)::int as n from pt_row` },
        ]);
        const [[last]] = (await tx.commitWith({ sql: `insert into pt_row (id, note) values (?, ?) returning note`, params: [2, "it's"] })) as [
          [{ note: string }],
        ];
        return { inserted, counted, last };
      }),
    );
    expect(result).toEqual({ inserted: [{ id: 1 }], counted: [{ n: 1 }], last: { note: "it's" } });
    expect(queries).toBe(2);
    expect(await rows()).toEqual([
      [1, 'one'],
      [2, "it's"],
    ]);
  });

  it('rolls back everything when the work throws, and the connection is fine for the next one', async () => {
    await clear();
    await expect(
      pipelinedTransaction(orm.em, async (tx) => {
        await tx.execute(`insert into pt_row (id, note) values (?, ?)`, [1, 'kept?']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await rows()).toEqual([]);
    await pipelinedTransaction(orm.em, (tx) => tx.commitWith({ sql: `insert into pt_row (id, note) values (?, ?)`, params: [3, 'next'] }));
    expect(await rows()).toEqual([[3, 'next']]);
  });

  it('rolls back a failed statement and says whether it was a unique violation', async () => {
    await clear();
    await executeAutocommit(orm.em, { sql: `insert into pt_row (id, note) values (?, ?)`, params: [1, 'first'] });
    const failure = await pipelinedTransaction(orm.em, async (tx) => {
      await tx.execute(`insert into pt_row (id, note) values (?, ?)`, [2, 'second']);
      await tx.commitWith({ sql: `insert into pt_row (id, note) values (?, ?)`, params: [1, 'duplicate'] });
    }).catch((error: unknown) => error);
    expect(isUniqueViolation(failure)).toBe(true);
    expect(await rows()).toEqual([[1, 'first']]);
  });

  it('keeps committedFirst even when the transaction fails, and reports a failed first round trip', async () => {
    await clear();
    await expect(
      pipelinedTransaction(
        orm.em,
        async (tx) => {
          await tx.execute(`insert into pt_row (id, note) values (?, ?)`, [2, 'in the transaction']);
          throw new Error('reconciliation failed');
        },
        { committedFirst: { sql: `insert into pt_row (id, note) values (?, ?)`, params: [1, 'raw payload'] } },
      ),
    ).rejects.toThrow('reconciliation failed');
    expect(await rows()).toEqual([[1, 'raw payload']]);

    const failed = await pipelinedTransaction(orm.em, (tx) => tx.execute(`select 1`), {
      committedFirst: { sql: `insert into pt_missing (id) values (?)`, params: [1] },
    }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(FirstRoundTripFailed);

    // Kept too when the work sends nothing at all.
    await pipelinedTransaction(orm.em, async () => 'nothing to do', {
      committedFirst: { sql: `insert into pt_row (id, note) values (?, ?)`, params: [5, 'alone'] },
    });
    expect(await rows()).toEqual([
      [1, 'raw payload'],
      [5, 'alone'],
    ]);
  });

  it('sends parameters as literals safely, prepared or not, whatever the text holds', async () => {
    await clear();
    const nasty = [`'); drop table pt_row; --`, "quote ' and backslash \\ and ? mark", 'émoji 🎁'];
    for (const [i, note] of nasty.entries()) {
      await pipelinedTransaction(orm.em, (tx) => tx.commitWith({ sql: `insert into pt_row (id, note) values (?, ?)`, params: [10 + i, note] }));
    }
    expect(await rows()).toEqual(nasty.map((note, i) => [10 + i, note]));
  });

  describe('with statements compiled by Kysely', () => {
    const db = () => orm.em.getKysely<{ pt_row: { id: number; note: string } }>();
    const insert = (id: number, note: string) => compiled(db().insertInto('pt_row').values({ id, note }).returning('note'));
    const preparedTexts = () =>
      pipelinedTransaction(orm.em, async (tx) =>
        (await tx.execute<Array<{ statement: string }>>(`select statement from pg_prepared_statements`)).map((r) => r.statement),
      );

    it('runs them in the same round trips, prepared once per shape, with parameters sent as literals safely', async () => {
      await clear();
      const nasty = [`'); drop table pt_row; --`, "quote ' and backslash \\ and ? and $1 marks", 'émoji 🎁'];
      const { result, queries } = await countingQueries(() =>
        pipelinedTransaction(orm.em, async (tx) => {
          const [[first]] = (await tx.batch([insert(20, nasty[0]!)])) as [unknown[]];
          const rest = await tx.commitWith(insert(21, nasty[1]!), insert(22, nasty[2]!));
          return [first, ...rest.map(([row]) => row)];
        }),
      );
      expect(queries).toBe(2);
      expect(result).toEqual(nasty.map((note) => ({ note })));
      expect(await rows()).toEqual(nasty.map((note, i) => [20 + i, note]));
      // It ran prepared: the PREPARE of its compiled text is on the connection (the pool reuses the last one released).
      expect((await preparedTexts()).some((text) => text.includes(`as ${insert(0, '').compiled.sql}`))).toBe(true);
    });

    it('inlines them when a connection has no room for another prepared statement, leaving quoted text alone', async () => {
      await clear();
      // A hundred distinct shapes fill a connection's prepared statements; the next ones run inlined.
      await pipelinedTransaction(orm.em, async (tx) => {
        for (let i = 0; i < 101; i++) await tx.batch([compiled(db().selectNoFrom(sql<number>`${i}::int`.as(`n${i}`)))]);
        const [[row], [prepared]] = (await tx.batch([
          compiled(
            db()
              .insertInto('pt_row')
              .values({ id: 30, note: sql<string>`${"it's"} || ' $1 ' || ${'"$2"'}` })
              .returning(sql<string>`'$3'`.as('marker')),
          ),
          { sql: `select count(*)::int as n from pg_prepared_statements where statement like ?`, params: ['%as "marker"%'] },
        ])) as [unknown[], unknown[]];
        expect(row).toEqual({ marker: '$3' });
        expect(prepared).toEqual({ n: 0 });
      });
      expect(await rows()).toEqual([[30, `it's $1 "$2"`]]);
    });
  });
});
