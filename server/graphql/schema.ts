import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import { refuseUnstorableText } from './text-guard.ts';
import './schema/root.ts';
import './schema/scalars.ts';
import './schema/common.ts';
import './schema/business.ts';
import './schema/api-keys.ts';
import './schema/viewer.ts';
import './schema/invoices.ts';
import './schema/payment-links.ts';
import './schema/tap-to-pay.ts';
import './schema/ledger.ts';
import './schema/payments.ts';
import './schema/webhooks.ts';
import './schema/checkout.ts';
import './schema/settlement-entities.ts';
import './schema/settlements.ts';
import './schema/bills.ts';
import './schema/fees.ts';
import './schema/till-aliases.ts';
import './schema/business-settings.ts';
import './schema/payment-requests.ts';
import './schema/accounts.ts';

/** The whole API, with types sorted so the printed contract diffs cleanly. */
export const schema: GraphQLSchema = refuseUnstorableText(lexicographicSortSchema(builder.toSchema()));
