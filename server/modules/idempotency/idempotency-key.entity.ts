import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { Business } from '../tenancy/business.entity.ts';

export const IDEMPOTENCY_STATES = ['RUNNING', 'COMPLETED'] as const;

/**
 * The first response to a mutating request sent with an `Idempotency-Key`, replayed to retries.
 * Keys are scoped per API key (so per business and mode too), per operator, or per anonymous
 * client address; the response rests sealed (it may hold a secret shown once).
 */
const IdempotencyKeySchema = defineEntity({
  name: 'IdempotencyKey',
  uniques: [{ properties: ['scope', 'key'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    /** `key:<apiKeyId>`, `platform` or `client:<address>`: the unique index that makes the first request win. */
    scope: p.string().length(60),
    business: () => p.manyToOne(Business).nullable().index(),
    mode: p.enum(MODES).nullable(),
    key: p.string().length(255),
    requestHash: p.string().length(64),
    state: p.enum(IDEMPOTENCY_STATES),
    /** A RUNNING row whose lock has lapsed belongs to a process that died: the next retry takes it. */
    lockedUntil: p.datetime(),
    responseStatus: p.integer().nullable(),
    /** Sealed with the secrets key (`v1.…`), or with its secrets cut out when there is none. */
    responseBody: p.text().nullable(),
    responseContentType: p.string().length(100).nullable(),
    createdAt: p.datetime(),
    expiresAt: p.datetime().index(),
  },
});

export class IdempotencyKey extends IdempotencyKeySchema.class {}
IdempotencyKeySchema.setClass(IdempotencyKey);
