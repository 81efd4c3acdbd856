// The layer rules in eslint.config.js must bite: each case lints a snippet as if it were a file at
// that path, so a rule that silently stops matching (a resolver that finds nothing, a glob that no
// longer covers a folder) fails here instead of letting the arrows point up unnoticed.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/process.ts';

const eslint = new ESLint({ cwd: repoRoot });

async function ruleIds(code: string, filePath: string): Promise<Array<string | null>> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId);
}

describe('layer rules', () => {
  it('keep domain/ free of the project outside domain/, but allow node: builtins and packages', async () => {
    expect(
      await ruleIds(`import { checkoutKinds } from '../modules/checkouts/registry.ts';\nexport const x = checkoutKinds;\n`, 'server/domain/probe.ts'),
    ).toEqual(['import-x/no-restricted-paths']);
    expect(
      await ruleIds(
        `import { randomUUID } from 'node:crypto';\nimport { z } from 'zod';\nimport { MAX_MINOR_UNITS } from './money.ts';\nexport const x = [randomUUID, z, MAX_MINOR_UNITS];\n`,
        'server/domain/probe.ts',
      ),
    ).toEqual([]);
  });

  it('keep SQL out of http/ and graphql/', async () => {
    expect(await ruleIds(`export const q = 'select id from bill where id = $1';\n`, 'server/http/probe.ts')).toEqual(['no-restricted-syntax']);
    expect(await ruleIds('export const q = (t: string) => `delete from ${t}`;\n', 'server/graphql/probe.ts')).toEqual(['no-restricted-syntax']);
    expect(await ruleIds(`export const db = (orm: { em: Record<string, () => unknown> }) => orm.em.getKysely();\n`, 'server/graphql/probe.ts')).toEqual([
      'no-restricted-syntax',
    ]);
    // The same text is a store's business one layer down, and plain words are not SQL.
    expect(await ruleIds(`export const q = 'select id from bill where id = $1';\n`, 'server/modules/probe.ts')).toEqual([]);
    for (const sql of [
      'select 1',
      'select * from bill',
      'SELECT b.id as id, count(*) FROM bill b',
      'insert into bill values ($1)',
      'update bill set status = $1',
    ]) {
      expect(await ruleIds(`export const q = ${JSON.stringify(sql)};\n`, 'server/http/probe.ts'), sql).toEqual(['no-restricted-syntax']);
    }
    expect(await ruleIds(`export const label = 'Select a bank to pay from';\nexport const update = 'Update your details';\n`, 'server/http/probe.ts')).toEqual(
      [],
    );
  });

  it('keep each kind to itself', async () => {
    expect(
      await ruleIds(`import * as link from '../payment-link/payment-link.kind.ts';\nexport const x = link;\n`, 'server/modules/kinds/bill/probe.ts'),
    ).toEqual(['import-x/no-restricted-paths']);
    expect(
      await ruleIds(`import * as registry from '../../checkouts/checkout-kind.ts';\nexport const x = registry;\n`, 'server/modules/kinds/bill/probe.ts'),
    ).toEqual([]);
  });

  it("keep a kind's folder to the registry, the entity list and the kind's own graphql/ and http/ files", async () => {
    const probe = (from: string) => `import * as inside from '${from}';\nexport const x = inside;\n`;
    const restricted = ['no-restricted-imports'];
    // Anyone else asks the registry.
    expect(await ruleIds(probe('../kinds/bill/bill.entities.ts'), 'server/modules/webhooks/probe.ts')).toEqual(restricted);
    expect(await ruleIds(probe('../modules/kinds/payment-link/payment-links.service.ts'), 'server/jobs/probe.ts')).toEqual(restricted);
    expect(await ruleIds(probe('../../modules/kinds/tap-to-pay/tap-to-pay.kind.ts'), 'server/graphql/schema/checkout.ts')).toEqual(restricted);
    expect(await ruleIds(probe('../modules/checkouts/registry.ts'), 'server/jobs/probe.ts')).toEqual([]);
    // The registry takes kinds, the entity list entities.
    expect(await ruleIds(probe('../kinds/bill/bill.kind.ts'), 'server/modules/checkouts/registry.ts')).toEqual([]);
    expect(await ruleIds(probe('../kinds/bill/bills.service.ts'), 'server/modules/checkouts/registry.ts')).toEqual(restricted);
    expect(await ruleIds(probe('../modules/kinds/bill/bill.entities.ts'), 'server/db/entities.ts')).toEqual([]);
    expect(await ruleIds(probe('../modules/kinds/bill/bills.service.ts'), 'server/db/entities.ts')).toEqual(restricted);
    // A kind's own graphql/ and http/ files use it, and no other kind.
    expect(await ruleIds(probe('../../modules/kinds/bill/bills.service.ts'), 'server/graphql/schema/bills.ts')).toEqual([]);
    expect(await ruleIds(probe('../modules/kinds/payment-link/payment-links.service.ts'), 'server/http/payment-link-routes.ts')).toEqual([]);
    expect(await ruleIds(probe('../../modules/kinds/payment-link/payment-links.service.ts'), 'server/graphql/schema/bills.ts')).toEqual(restricted);
  });

  it('refuse value import cycles and let type-only ones pass (they vanish at runtime)', async () => {
    // payment-links.ts imports state-machine.ts, so state-machine.ts importing it back closes a cycle.
    expect(
      await ruleIds(`import { paymentLinkMachine } from './payment-links.ts';\nexport const x = paymentLinkMachine;\n`, 'server/domain/state-machine.ts'),
    ).toEqual(['import-x/no-cycle']);
    expect(
      await ruleIds(`import type { PaymentLinkStatus } from './payment-links.ts';\nexport type X = PaymentLinkStatus;\n`, 'server/domain/state-machine.ts'),
    ).toEqual([]);
  });
});
