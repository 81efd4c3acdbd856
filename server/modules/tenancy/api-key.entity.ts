import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { Business } from './business.entity.ts';

const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  properties: {
    id: p.string().primary().length(40),
    business: () => p.manyToOne(Business).index(),
    mode: p.enum(MODES),
    name: p.string().length(200),
    scopes: p.array(),
    /** SHA-256 of the secret; the secret itself is shown once and never stored. */
    secretHash: p.string().length(64),
    createdAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
  },
});

export class ApiKey extends ApiKeySchema.class {}
ApiKeySchema.setClass(ApiKey);
