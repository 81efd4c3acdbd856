import type { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import type { Tenant } from '../../tenancy/tenant-sql.ts';
import { StoredDocument } from './payment-request.entities.ts';

/**
 * Where uploaded documents (a financed payment's invoices) are kept: a small port, so object
 * storage can replace it. The default keeps them in PostgreSQL (bytea), in the caller's transaction.
 */
export interface DocumentStore {
  put(em: EntityManager, owner: Tenant, document: { contentType: string; bytes: Uint8Array; at: Date }): Promise<string>;
  get(em: EntityManager, key: string): Promise<{ contentType: string; bytes: Uint8Array } | null>;
}

export const postgresDocumentStore: DocumentStore = {
  async put(em, owner, document) {
    const key = `doc_${randomBytes(24).toString('base64url')}`;
    em.create(StoredDocument, {
      key,
      business: owner.businessId,
      mode: owner.mode,
      contentType: document.contentType,
      bytes: Buffer.from(document.bytes),
      createdAt: document.at,
    });
    await em.flush();
    return key;
  },
  async get(em, key) {
    const row = await em.findOne(StoredDocument, { key });
    return row ? { contentType: row.contentType, bytes: new Uint8Array(row.bytes) } : null;
  },
};
