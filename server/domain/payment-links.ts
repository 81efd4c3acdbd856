import { defineMachine } from './state-machine.ts';
import { errorCodes } from './user-error.ts';

/** A hosted checkout for one invoice: paid once the invoice is, or over by time or by the merchant. */
export const paymentLinkMachine = defineMachine('payment link', {
  ACTIVE: ['PAID', 'EXPIRED', 'CANCELED'],
  PAID: [],
  EXPIRED: [],
  CANCELED: [],
});
export type PaymentLinkStatus = (typeof paymentLinkMachine.statuses)[number];

/** What createPaymentLink and cancelPaymentLink may answer (GraphQL `PaymentLinkErrorCode`). */
export const PAYMENT_LINK_ERROR_CODES = errorCodes('INVALID_EXPIRY', 'METADATA_TOO_LARGE', 'INVALID_URL', 'NOT_FOUND', 'INVOICE_NOT_PAYABLE', 'INVALID_STATE');
export type PaymentLinkErrorCode = (typeof PAYMENT_LINK_ERROR_CODES)[number];
