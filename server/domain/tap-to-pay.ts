import { defineMachine } from './state-machine.ts';

/** A terminal waits five minutes for a tap (seed 000). */
export const tapToPayMachine = defineMachine('tap-to-pay session', {
  AWAITING_TAP: ['COMPLETED', 'EXPIRED'],
  COMPLETED: [],
  EXPIRED: [],
});
export type TapToPayStatus = (typeof tapToPayMachine.statuses)[number];
