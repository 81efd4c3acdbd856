import { defineMachine } from './state-machine.ts';
import { errorCodes } from './user-error.ts';

/** A terminal waits five minutes for a tap (seed 000). */
export const tapToPayMachine = defineMachine('tap-to-pay session', {
  AWAITING_TAP: ['COMPLETED', 'EXPIRED'],
  COMPLETED: [],
  EXPIRED: [],
});
export type TapToPayStatus = (typeof tapToPayMachine.statuses)[number];

/** What createTapToPaySession may answer (GraphQL `TapToPayErrorCode`). */
export const TAP_TO_PAY_ERROR_CODES = errorCodes(
  'INVALID_AMOUNT',
  'UNSUPPORTED_CURRENCY',
  'NOT_FOUND',
  'INVOICE_NOT_PAYABLE',
  'CURRENCY_MISMATCH',
  'AMOUNT_EXCEEDS_DUE',
);
export type TapToPayErrorCode = (typeof TAP_TO_PAY_ERROR_CODES)[number];
