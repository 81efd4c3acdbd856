import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../domain/clock.ts';
import { Business } from '../modules/tenancy/business.entity.ts';
import { createBusiness } from '../modules/tenancy/tenancy.service.ts';

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
