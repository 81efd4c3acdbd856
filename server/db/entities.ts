import { TillAlias, TillAliasFailedAttempt } from '../modules/kinds/till-alias/till-alias.entity.ts';
import { Bill } from '../modules/kinds/bill/bill.entities.ts';
import { FinancedPayment, FinancedPaymentInvoice, PaymentRequest, StoredDocument } from '../modules/kinds/payment-request/payment-request.entities.ts';
import { PaymentLink } from '../modules/kinds/payment-link/payment-link.entity.ts';
import { TapToPaySession } from '../modules/kinds/tap-to-pay/tap-to-pay-session.entity.ts';
import { PlatformFeeRule } from '../modules/fees/platform-fee-rule.entity.ts';
import { IdempotencyKey } from '../modules/idempotency/idempotency-key.entity.ts';
import { Invoice } from '../modules/invoicing/invoice.entity.ts';
import { JournalEntry, JournalLine, LedgerAccount } from '../modules/ledger/ledger.entities.ts';
import { DocumentSequence } from '../modules/numbering/document-sequence.entity.ts';
import { OutboxEvent } from '../modules/outbox/outbox-event.entity.ts';
import { PartnerWebhookDelivery, Payment, Receipt } from '../modules/payments/payment.entities.ts';
import { Chargeback, ReserveHold, SettlementBatch, SettlementLine } from '../modules/settlements/settlement.entities.ts';
import { SettlementEntity, SettlementEntityKycEvent } from '../modules/settlement-entities/settlement-entity.entity.ts';
import { ApiKey } from '../modules/tenancy/api-key.entity.ts';
import { DashboardSession, DashboardUser, PasskeyCredential, RecoveryCode, SmsCode } from '../modules/accounts/account.entities.ts';
import { Business } from '../modules/tenancy/business.entity.ts';
import { BusinessLogo } from '../modules/tenancy/business-logo.entity.ts';
import { App } from '../modules/webhooks/app.entity.ts';
import { WebhookAttempt, WebhookDelivery } from '../modules/webhooks/delivery.entities.ts';

/** Every entity the ORM knows; each module adds its own here. */
export const entities = [
  Business,
  BusinessLogo,
  ApiKey,
  IdempotencyKey,
  DocumentSequence,
  Invoice,
  LedgerAccount,
  JournalEntry,
  JournalLine,
  OutboxEvent,
  PaymentLink,
  PartnerWebhookDelivery,
  Payment,
  Receipt,
  TapToPaySession,
  SettlementEntity,
  SettlementBatch,
  SettlementLine,
  ReserveHold,
  Chargeback,
  SettlementEntityKycEvent,
  PlatformFeeRule,
  Bill,
  TillAlias,
  TillAliasFailedAttempt,
  PaymentRequest,
  FinancedPayment,
  FinancedPaymentInvoice,
  StoredDocument,
  App,
  WebhookDelivery,
  WebhookAttempt,
  DashboardUser,
  DashboardSession,
  SmsCode,
  RecoveryCode,
  PasskeyCredential,
];
