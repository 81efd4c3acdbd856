import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { Business } from '../tenancy/business.entity.ts';

/** The last number issued per business, mode, document prefix and year. */
export const DocumentSequenceSchema = defineEntity({
  name: 'DocumentSequence',
  uniques: [{ properties: ['business', 'mode', 'prefix', 'year'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    business: () => p.manyToOne(Business),
    mode: p.enum(MODES),
    prefix: p.string().length(10),
    year: p.integer(),
    lastValue: p.integer(),
  },
});
export class DocumentSequence extends DocumentSequenceSchema.class {}
DocumentSequenceSchema.setClass(DocumentSequence);
