import { IdempotencyKey } from '../modules/idempotency/idempotency-key.entity.ts';
import { ApiKey } from '../modules/tenancy/api-key.entity.ts';
import { Business } from '../modules/tenancy/business.entity.ts';

/** Every entity the ORM knows; each module adds its own here. */
export const entities = [Business, ApiKey, IdempotencyKey];
