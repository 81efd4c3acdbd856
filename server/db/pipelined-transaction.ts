import type { EntityManager, PostgreSqlConnection } from '@mikro-orm/postgresql';
import type pg from 'pg';

/** One SQL statement with `?` placeholders, as `em.execute` takes them. */
export interface Statement {
  sql: string;
  params?: readonly unknown[];
}

/** What code that only runs SQL needs from a session: an `EntityManager` or a pipelined transaction. */
export interface SqlRunner {
  execute<T>(sql: string, params?: unknown[]): Promise<T>;
}

/** A transaction that sends several statements per round trip. */
export interface PipelinedTransaction extends SqlRunner {
  /** Runs the statements in order in one round trip and returns each one's rows. */
  batch(statements: readonly Statement[]): Promise<unknown[][]>;
  /** Runs the last statement and commits, in one round trip. */
  commitWith(statement: Statement): Promise<unknown[]>;
}

/** PostgreSQL's code for a unique constraint violation (MikroORM's `UniqueConstraintViolationException`). */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string } | null)?.code === '23505';

/**
 * Runs `work` in a READ COMMITTED transaction on one connection of MikroORM's own pool, sending each
 * batch of statements as one simple-protocol query. On the hot path every statement costs a socket
 * write and a wake-up on both sides, so `begin` rides with the first batch and `commit` with the
 * last. Parameters are inlined by MikroORM's own quoting, exactly as `em.execute` does.
 */
export async function pipelinedTransaction<T>(em: EntityManager, work: (tx: PipelinedTransaction) => Promise<T>): Promise<T> {
  const platform = em.getPlatform();
  const pool = (await (em.getConnection() as PostgreSqlConnection).getNativeClient()) as pg.Pool;
  const client = await pool.connect();
  // An object, so that control-flow narrowing does not miss the closures' updates.
  const session = { state: 'idle' as 'idle' | 'open' | 'done' };

  const send = async (statements: readonly Statement[]): Promise<unknown[][]> => {
    if (session.state === 'done') throw new Error('The transaction has ended');
    const texts = statements.map((s) => (s.params?.length ? platform.formatQuery(s.sql, [...s.params]) : s.sql));
    if (session.state === 'idle') texts.unshift('begin');
    session.state = 'open';
    const result = (await client.query(texts.join(';\n'))) as unknown as pg.QueryResult | pg.QueryResult[];
    const results = Array.isArray(result) ? result : [result];
    return results.slice(results.length - statements.length).map((r) => r.rows);
  };
  const tx: PipelinedTransaction = {
    batch: send,
    execute: async <R>(sql: string, params?: unknown[]) => (await send([{ sql, params }]))[0] as R,
    async commitWith(statement) {
      const rows = await send([statement, { sql: 'commit' }]);
      session.state = 'done';
      return rows[0]!;
    },
  };

  try {
    const result = await work(tx);
    if (session.state === 'open') await client.query('commit');
    session.state = 'done';
    client.release();
    return result;
  } catch (error) {
    try {
      if (session.state === 'open') await client.query('rollback');
      client.release();
    } catch {
      client.release(true); // the connection's state is unknown: drop it from the pool
    }
    throw error;
  }
}

/** One statement in its own transaction on MikroORM's pool, without the ORM's per-query work. */
export async function executeAutocommit<T>(em: EntityManager, statement: Statement): Promise<T[]> {
  const pool = (await (em.getConnection() as PostgreSqlConnection).getNativeClient()) as pg.Pool;
  const sql = statement.params?.length ? em.getPlatform().formatQuery(statement.sql, [...statement.params]) : statement.sql;
  return (await pool.query(sql)).rows as T[];
}
