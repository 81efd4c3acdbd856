import type { EntityManager, Platform, PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { Compilable, CompiledQuery } from 'kysely';
import type pg from 'pg';

/** One SQL statement with `?` placeholders, as `em.execute` takes them. */
export interface SqlStatement {
  sql: string;
  params?: readonly unknown[];
}

/** A statement built with Kysely (`em.getKysely()`) and compiled: `$1…$n` placeholders and their values. */
export interface CompiledStatement {
  compiled: CompiledQuery;
}

export type Statement = SqlStatement | CompiledStatement;

/** A Kysely query as a statement for `batch`, `commitWith`, `executeAutocommit`. */
export const compiled = (query: Compilable): CompiledStatement => ({ compiled: query.compile() });

/** What code that only runs SQL needs from a session: an `EntityManager` or a pipelined transaction. */
export interface SqlRunner {
  execute<T>(sql: string, params?: unknown[]): Promise<T>;
}

/** A transaction that sends several statements per round trip. */
export interface PipelinedTransaction extends SqlRunner {
  /** Runs the statements in order in one round trip and returns each one's rows. */
  batch(statements: readonly Statement[]): Promise<unknown[][]>;
  /** Runs the last statements and commits, in one round trip; returns each statement's rows. */
  commitWith(...statements: Statement[]): Promise<unknown[][]>;
}

/** PostgreSQL's code for a unique constraint violation (MikroORM's `UniqueConstraintViolationException`). */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string } | null)?.code === '23505';

/**
 * Statements with parameters run prepared: PostgreSQL parses and plans each statement's shape once
 * per connection instead of on every payment (planning alone was a quarter of its time on the
 * reconciliation path). The PREPARE travels in the round trip of its first EXECUTE, and the
 * parameters are inlined as literals by MikroORM's own quoting, exactly as `em.execute` does.
 */
const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();
/** Shapes are few (a handful per checkout kind); the caps only guard against a caller building literal SQL. */
const MAX_SHAPES = 500;
const MAX_PREPARED_PER_CONNECTION = 100;
const shapes = new Map<string, { name: string; numbered: string } | null>();
/** A compiled statement's text is already numbered; its key keeps it apart from `?` texts. */
const compiledKey = (sql: string) => `$:${sql}`;

/** `?` placeholders to `$1…$n`; null when the text has MikroORM's `??` identifiers or escaped `\?`. */
function shapeOf(sql: string, numbered: boolean): { name: string; numbered: string } | null {
  const key = numbered ? compiledKey(sql) : sql;
  let shape = shapes.get(key);
  if (shape !== undefined) return shape;
  if (shapes.size >= MAX_SHAPES) return null;
  let n = 0;
  shape = numbered
    ? { name: `pt_${shapes.size}`, numbered: sql }
    : sql.includes('??') || sql.includes('\\?')
      ? null
      : { name: `pt_${shapes.size}`, numbered: sql.replaceAll('?', () => `$${++n}`) };
  shapes.set(key, shape);
  return shape;
}

/**
 * A compiled statement with its `$n` placeholders replaced by quoted literals, for when it cannot run
 * prepared. Kysely passes every value as a parameter, so a `$n` outside quotes is always one; quoted
 * literals and identifiers are skipped all the same.
 */
function inlineNumbered(platform: Platform, sql: string, params: readonly unknown[]): string {
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g, (match, n: string | undefined) =>
    n === undefined ? match : literal(platform, params[Number(n) - 1]),
  );
}

const literal = (platform: Platform, value: unknown): string => (value == null ? 'null' : String(platform.quoteValue(value)));

/** Renders statements for one simple-protocol query: the PREPAREs for new shapes, and each statement's text. */
function render(platform: Platform, client: pg.PoolClient, statements: readonly Statement[]): { prepares: string[]; texts: string[]; prepared: string[] } {
  let names = preparedOn.get(client);
  if (!names) preparedOn.set(client, (names = new Set()));
  const prepares: string[] = [];
  /** Names whose PREPARE is in this query; they count as prepared once it succeeds. */
  const prepared: string[] = [];
  const texts = statements.map((statement) => {
    const numbered = 'compiled' in statement;
    const { sql, params } = numbered ? { sql: statement.compiled.sql, params: statement.compiled.parameters } : statement;
    if (!params?.length) return sql;
    // An array expands to a list of literals when inlined, which a prepared statement cannot take (nor
    // a compiled statement's `$n`, which stands for one value).
    if (params.some(Array.isArray)) {
      if (numbered) throw new Error('A compiled statement cannot take an array parameter here; pass it as JSON');
      return platform.formatQuery(sql, [...params]);
    }
    const shape = shapeOf(sql, numbered);
    if (!shape || (!names.has(shape.name) && names.size + prepared.length >= MAX_PREPARED_PER_CONNECTION))
      return numbered ? inlineNumbered(platform, sql, params) : platform.formatQuery(sql, [...params]);
    if (!names.has(shape.name) && !prepared.includes(shape.name)) {
      prepares.push(`prepare ${shape.name} as ${shape.numbered}`);
      prepared.push(shape.name);
    }
    return `execute ${shape.name}(${params.map((value) => literal(platform, value)).join(', ')})`;
  });
  return { prepares, texts, prepared };
}

/** Connections whose prepared statements are unknown (a query carrying PREPAREs failed): never reused. */
const tainted = new WeakSet<pg.PoolClient>();

/**
 * Sends `statements` as one simple-protocol query on `client`: the PREPAREs of new shapes first, then
 * the statements' texts as `arrange` places them among plain SQL. Returns every result's rows, in order.
 */
async function sendQuery(
  platform: Platform,
  client: pg.PoolClient,
  statements: readonly Statement[],
  arrange = (texts: string[]) => texts,
): Promise<unknown[][]> {
  const { prepares, texts, prepared } = render(platform, client, statements);
  try {
    const result = (await client.query([...prepares, ...arrange(texts)].join(';\n'))) as unknown as pg.QueryResult | pg.QueryResult[];
    for (const name of prepared) preparedOn.get(client)!.add(name);
    return (Array.isArray(result) ? result : [result]).map((r) => r.rows);
  } catch (error) {
    // Which PREPAREs ran is unknown (they outlive a rollback).
    if (prepared.length) tainted.add(client);
    throw error;
  }
}

const connect = async (em: EntityManager) => ((await (em.getConnection() as PostgreSqlConnection).getNativeClient()) as pg.Pool).connect();
const release = (client: pg.PoolClient) => client.release(tainted.has(client));

/**
 * The first round trip failed, and it carried a statement meant to commit on its own before the
 * transaction: whether that one committed is unknown.
 */
export class FirstRoundTripFailed extends Error {
  constructor(cause: unknown) {
    super('The first round trip of a pipelined transaction failed', { cause });
  }
}

/**
 * Runs `work` in a READ COMMITTED transaction on one connection of MikroORM's own pool, sending each
 * batch of statements as one simple-protocol query. On the hot path every statement costs a socket
 * write and a wake-up on both sides, so `begin` rides with the first batch and `commit` with the
 * last. `committedFirst` runs in its own transaction, committed before `begin`, in that same first
 * round trip; if that round trip fails, `FirstRoundTripFailed` says so.
 */
export async function pipelinedTransaction<T>(
  em: EntityManager,
  work: (tx: PipelinedTransaction) => Promise<T>,
  options: { committedFirst?: Statement } = {},
): Promise<T> {
  const platform = em.getPlatform();
  const client = await connect(em);
  // An object, so that control-flow narrowing does not miss the closures' updates.
  const session = { state: 'idle' as 'idle' | 'open' | 'done' };

  const send = async (statements: readonly Statement[]): Promise<unknown[][]> => {
    if (session.state === 'done') throw new Error('The transaction has ended');
    const opening = session.state === 'idle';
    const first = opening ? options.committedFirst : undefined;
    session.state = 'open';
    try {
      const rows = await sendQuery(platform, client, first ? [first, ...statements] : statements, (texts) =>
        !opening ? texts : first ? [texts[0]!, 'commit', 'begin', ...texts.slice(1)] : ['begin', ...texts],
      );
      return rows.slice(rows.length - statements.length);
    } catch (error) {
      throw first ? new FirstRoundTripFailed(error) : error;
    }
  };
  const tx: PipelinedTransaction = {
    batch: send,
    execute: async <R>(sql: string, params?: unknown[]) => (await send([{ sql, params }]))[0] as R,
    async commitWith(...statements) {
      const rows = await send([...statements, { sql: 'commit' }]);
      session.state = 'done';
      return rows.slice(0, statements.length);
    },
  };

  try {
    const result = await work(tx);
    // `committedFirst` is kept even when the work needed no statement.
    if (session.state === 'idle' && options.committedFirst) await send([]);
    if (session.state === 'open') await client.query('commit');
    session.state = 'done';
    release(client);
    return result;
  } catch (error) {
    try {
      if (session.state === 'open') await client.query('rollback');
      release(client);
    } catch {
      client.release(true); // the connection's state is unknown: drop it from the pool
    }
    throw error;
  }
}

/** One statement in its own transaction on MikroORM's pool, without the ORM's per-query work. */
export async function executeAutocommit<T>(em: EntityManager, statement: Statement): Promise<T[]> {
  const client = await connect(em);
  try {
    return (await sendQuery(em.getPlatform(), client, [statement])).at(-1) as T[];
  } finally {
    release(client);
  }
}
