import type { MikroORM } from '@mikro-orm/postgresql';
import { eventDrift } from '../../server/modules/outbox/event-catalogue.ts';

/** Types that only the tests' own fixtures write (the voucher kind of test/support, tenancy probes). */
const FIXTURE_TYPES = new Set(['voucher.lapsed', 'probe']);

/** How the events in this database differ from the catalogue (every event; a storm test's are capped). */
export async function catalogueDrift(orm: MikroORM): Promise<string[]> {
  const rows = await orm.em
    .getConnection()
    .execute<Array<{ type: string; payload: unknown }>>(`select type, payload from outbox_event order by id limit 20000`);
  return rows
    .filter((row) => !FIXTURE_TYPES.has(row.type))
    .flatMap((row) => eventDrift(row.type, typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload));
}
