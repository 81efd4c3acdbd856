import type { EntityManager } from '@mikro-orm/postgresql';
import type { InferClassEntityDB, InferKyselyDB, Kysely } from '@mikro-orm/sql';
import type { JournalEntrySchema, JournalLineSchema } from '../modules/ledger/ledger.entities.ts';
import type { DocumentSequenceSchema } from '../modules/numbering/document-sequence.entity.ts';
import type { OutboxEventSchema } from '../modules/outbox/outbox-event.entity.ts';
import type { PartnerWebhookDeliverySchema, PaymentSchema, ReceiptSchema } from '../modules/payments/payment.entities.ts';
import type { entities } from './entities.ts';

/**
 * The tables as Kysely sees them, inferred from the `defineEntity` definitions. Inferring from an
 * entity's class loses JSON columns and generated ids, so the tables the money path writes are
 * inferred from their definitions themselves (exported for this).
 */
type FromDefinitions = InferKyselyDB<
  | typeof PaymentSchema
  | typeof ReceiptSchema
  | typeof PartnerWebhookDeliverySchema
  | typeof JournalEntrySchema
  | typeof JournalLineSchema
  | typeof OutboxEventSchema
  | typeof DocumentSequenceSchema
>;
export type Database = Omit<InferClassEntityDB<(typeof entities)[number]>, keyof FromDefinitions> & FromDefinitions;

/** The typed query builder on MikroORM's own Kysely instance (statements are compiled, then sent by the pipelined transaction). */
export const kyselyOf = (em: EntityManager): Kysely<Database> => em.getKysely<Database>();
