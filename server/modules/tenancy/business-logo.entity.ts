import { defineEntity, p } from '@mikro-orm/core';
import { MODES } from '../../domain/api-keys.ts';
import { Business } from './business.entity.ts';

/** A logo a business uploaded, served by us at `/v1/logos/<id>` (id: the bytes' SHA-256, so the URL never changes meaning). */
const BusinessLogoSchema = defineEntity({
  name: 'BusinessLogo',
  properties: {
    id: p.string().primary().length(64),
    business: () => p.manyToOne(Business).index(),
    /** The mode of the key that uploaded it (tenant rows name both); the business shows its latest logo in either mode. */
    mode: p.enum(MODES),
    contentType: p.string().length(20),
    bytes: p.blob(),
    createdAt: p.datetime(),
  },
});
export class BusinessLogo extends BusinessLogoSchema.class {}
BusinessLogoSchema.setClass(BusinessLogo);
