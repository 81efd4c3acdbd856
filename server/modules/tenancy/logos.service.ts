import type { EntityManager } from '@mikro-orm/postgresql';
import { LOGO_TYPES, type LogoContentType } from '../../domain/branding.ts';
import { BusinessLogo } from './business-logo.entity.ts';

/** Where an uploaded logo is served: `/v1/logos/<id>.<png|jpg|webp>`. */
export const logoPath = (id: string, contentType: LogoContentType): string => `/v1/logos/${id}.${LOGO_TYPES[contentType]}`;

/** An uploaded logo by its path's file name, for anyone (logos are public, like the checkout that shows them). */
export async function findLogo(em: EntityManager, fileName: string): Promise<{ contentType: string; bytes: Uint8Array } | null> {
  const match = /^([0-9a-f]{64})\.(png|jpg|webp)$/.exec(fileName);
  if (!match) return null;
  const logo = await em.findOne(BusinessLogo, { id: match[1]! });
  if (!logo || LOGO_TYPES[logo.contentType as LogoContentType] !== match[2]) return null;
  return { contentType: logo.contentType, bytes: logo.bytes };
}
