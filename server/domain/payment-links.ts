import { defineMachine } from './state-machine.ts';

/** A hosted checkout for one invoice: paid once the invoice is, or over by time or by the merchant. */
export const paymentLinkMachine = defineMachine('payment link', {
  ACTIVE: ['PAID', 'EXPIRED', 'CANCELED'],
  PAID: [],
  EXPIRED: [],
  CANCELED: [],
});
export type PaymentLinkStatus = (typeof paymentLinkMachine.statuses)[number];
