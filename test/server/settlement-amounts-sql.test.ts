import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchAmounts, batchAmountsSql } from '../../server/domain/settlements.ts';
import { createTestDatabase } from '../support/database.ts';

// A settlement run computes every batch's amounts in SQL (batchAmountsSql); the domain's
// batchAmounts is the rule. For any inputs a run can meet they agree to the minor unit.
let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: await createTestDatabase() });
  await client.connect();
});
afterAll(() => client.end());

const sqlAmounts = async (rows: Array<[bigint, number, bigint, bigint, bigint, bigint]>) => {
  const { rows: out } = await client.query<{ reserve: string; fee: string; net: string; payable: boolean }>(
    `select x.reserve::text, x.fee::text, x.net::text, x.payable
       from unnest($1::bigint[], $2::int[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[]) with ordinality as v(gross, bp, rmin, held, fee, min, n)
      cross join lateral ${batchAmountsSql({ gross: 'v.gross', percentBasisPoints: 'v.bp', reserveMinimum: 'v.rmin', held: 'v.held', fee: 'v.fee', minimum: 'v.min' })} x
      order by v.n`,
    [0, 1, 2, 3, 4, 5].map((column) => rows.map((row) => String(row[column]))),
  );
  return out.map((row) => ({ reserveMinor: BigInt(row.reserve), feeMinor: BigInt(row.fee), netMinor: BigInt(row.net), payable: row.payable }));
};

describe('batch amounts in SQL', () => {
  it('equal the domain rule for any gross (chargebacks make it negative), reserve rule, held balance, fee and minimum', async () => {
    const minor = (max: bigint) => fc.bigInt({ min: 0n, max });
    const input = fc.tuple(
      fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
      fc.integer({ min: 0, max: 10_000 }),
      minor(10n ** 9n),
      minor(10n ** 9n),
      minor(10n ** 7n),
      minor(10n ** 9n),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(input, { minLength: 1, maxLength: 200 }), async (rows) => {
        const expected = rows.map(([grossMinor, percentBasisPoints, minimumMinor, heldMinor, feeMinor, payoutMinimum]) => {
          const {
            reserveMinor,
            feeMinor: fee,
            netMinor,
            payable,
          } = batchAmounts({
            grossMinor,
            reserve: { percentBasisPoints, minimumMinor, holdDays: 0 },
            heldMinor,
            feeMinor,
            minimumMinor: payoutMinimum,
          });
          return { reserveMinor, feeMinor: fee, netMinor, payable };
        });
        expect(await sqlAmounts(rows)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('rounds a percentage half up and never holds more than the gross', async () => {
    // 12.5 % of 1004 = 125.5 → 126; a 100 % reserve with a minimum above the gross holds the gross.
    expect(
      await sqlAmounts([
        [1004n, 1250, 0n, 0n, 0n, 0n],
        [500n, 10_000, 900n, 0n, 0n, 0n],
      ]),
    ).toEqual([
      { reserveMinor: 126n, feeMinor: 0n, netMinor: 878n, payable: true },
      { reserveMinor: 500n, feeMinor: 0n, netMinor: 0n, payable: false },
    ]);
  });
});
