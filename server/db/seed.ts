import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../domain/clock.ts';
import { Business } from '../modules/tenancy/business.entity.ts';
import { createBusiness } from '../modules/tenancy/tenancy.service.ts';
import { DashboardUser } from '../modules/accounts/account.entities.ts';
import { createMerchantUser, createOperatorUser, reissueTemporaryPassword } from '../modules/accounts/users.service.ts';

export const DEMO_KEY_FILE = 'demo-secret-key';

/**
 * On an empty database, creates the demo storefront's business. Its test key is returned (to be
 * printed once) and kept under the data folder for the demo's own server-side calls.
 */
export async function seedDemoBusiness(orm: MikroORM, clock: Clock, dataDir: string): Promise<string | null> {
  if ((await orm.em.fork().count(Business, {})) > 0) return null;
  const result = await createBusiness({ em: orm.em.fork(), clock }, { name: 'Demo Storefront', plan: 'ENTERPRISE', country: 'NG', defaultCurrency: 'NGN' });
  if (!result.testSecretKey) throw new Error(`Demo seed failed: ${JSON.stringify(result.userErrors)}`);
  writeFileSync(join(dataDir, DEMO_KEY_FILE), `${result.testSecretKey}\n`, { mode: 0o600 });
  return result.testSecretKey;
}

export const DEMO_OWNER_EMAIL = 'owner@demo.pay-checkout.test';
export const DEMO_OPERATOR_EMAIL = 'operator@pay-checkout.test';

/**
 * The first dashboard sign-ins of the embedded default: the demo business's owner and an operator.
 * While a user has never used its temporary password, each start issues a fresh one (printed once);
 * after that the user keeps the password it chose.
 */
export async function seedDemoSignIns(orm: MikroORM, clock: Clock): Promise<string[]> {
  const em = orm.em.fork();
  const business = await em.findOne(Business, { name: 'Demo Storefront' }, { orderBy: { createdAt: 'asc' } });
  const lines: string[] = [];
  for (const { email, label, create } of [
    {
      email: DEMO_OPERATOR_EMAIL,
      label: 'Operator console',
      create: () => createOperatorUser({ publicEm: orm.em.fork(), clock }, { email: DEMO_OPERATOR_EMAIL }),
    },
    ...(business
      ? [
          {
            email: DEMO_OWNER_EMAIL,
            label: `Demo business owner (${business.name})`,
            create: () => createMerchantUser({ publicEm: orm.em.fork(), clock }, { businessId: business.id, email: DEMO_OWNER_EMAIL, role: 'OWNER' }),
          },
        ]
      : []),
  ]) {
    const existing = await em.findOne(DashboardUser, { email });
    if (!existing) {
      const created = await create();
      if (created.temporaryPassword) lines.push(`${label} first sign-in: ${email} / ${created.temporaryPassword} (temporary, works once)`);
    } else if (existing.passwordTemporary && !existing.temporaryUsedAt) {
      const temporaryPassword = await reissueTemporaryPassword(orm.em.fork(), clock, existing.id);
      lines.push(`${label} first sign-in: ${email} / ${temporaryPassword} (temporary, works once)`);
    } else {
      lines.push(`${label}: ${email} (signed in before; keeps its own password)`);
    }
  }
  return lines;
}
