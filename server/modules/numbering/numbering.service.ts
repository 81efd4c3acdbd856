import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { SqlRunner } from '../../db/pipelined-transaction.ts';
import type { Mode } from '../../domain/api-keys.ts';
import { documentNumber } from '../../domain/document-numbers.ts';

/**
 * The next number in a business's series (`INV-2026-043`). The upsert holds the series' row lock
 * until the caller's transaction ends, so numbers are gap-free and never issued twice.
 */
export async function nextDocumentNumber(em: SqlRunner, businessId: string, mode: Mode, prefix: string, at: Date): Promise<string> {
  const year = at.getUTCFullYear();
  const rows = await em.execute<Array<{ last_value: number }>>(
    `insert into document_sequence (business_id, mode, prefix, year, last_value) values (?, ?, ?, ?, 1)
     on conflict (business_id, mode, prefix, year) do update set last_value = document_sequence.last_value + 1
     returning last_value`,
    [businessId, mode, prefix, year],
  );
  return documentNumber(prefix, year, rows[0]!.last_value);
}

/**
 * `nextDocumentNumber` as a statement returning `number`, for a caller that uses it as a common table
 * expression within its own statement: the series' row lock is then held only for that statement and
 * the commit. Formats as `documentNumber` does (a test compares the two).
 */
export function nextDocumentNumberQuery(db: Kysely<Database>, businessId: string, mode: Mode, prefix: string, at: Date) {
  const year = at.getUTCFullYear();
  return db
    .insertInto('document_sequence')
    .values({ business_id: businessId, mode, prefix, year, last_value: 1 })
    .onConflict((oc) => oc.columns(['business_id', 'mode', 'prefix', 'year']).doUpdateSet({ last_value: sql<number>`document_sequence.last_value + 1` }))
    .returning(sql<string>`${`${prefix}-${year}-`} || lpad(last_value::text, greatest(3, length(last_value::text)), '0')`.as('number'));
}
