/** What the checkout says in English; every other locale has the same keys (`Messages`). Amounts are
 * formatted separately (Intl). */
export const en = {
  loading: 'Loading…',
  notFound: 'This checkout does not exist.',
  loadError: 'The checkout could not be loaded. Please try again.',
  amountDue: (invoice: string | null) => `Amount due${invoice ? ` for invoice ${invoice}` : ''}`,
  paid: (receipt: string | null) => `Paid${receipt ? ` — receipt ${receipt}` : ''}`,
  expired: 'This checkout has expired.',
  /** A payment request's header and its end: the customer finances a purchase, and may ask for a new link. */
  purchaseAmount: 'Purchase amount',
  financingExpired: 'This financing request has expired. Ask the merchant for a new link.',
  canceled: 'This checkout was canceled.',
  reconnecting: 'Reconnecting…',
  testMode: 'test mode',
  payTest: 'Pay (test)',
  payTestCard: 'Pay (test): card',
  payTestTransfer: 'Pay (test): bank transfer',
  payTestDeclined: 'Pay (test): declined card',
  /** A Lipa number's test buttons: a signed sandbox TIPS notification, paid or failed. */
  payTestWallet: 'Pay (test): mobile money',
  payTestWalletFailed: 'Pay (test): payment fails',
  walletFailed: 'The test payment failed. No money moved.',
  processing: 'Processing test payment…',
  declined: 'The test card was declined. No money moved.',
  /** The failed state's status line; the reason is shown beside it. */
  failed: 'Payment failed. You can try again.',
  unreachable: 'The payment service could not be reached.',
  redirecting: (site: string) => `Redirecting you to ${site}…`,
  continueNow: 'Continue now',
  returnTo: (site: string) => `Return to ${site}`,
  amountLabel: 'Amount to pay',
  amountInvalid: 'Enter an amount such as 1,000.50.',
  amountTooHigh: (due: string) => `That is more than is due (${due}).`,
  amountTooLow: 'Enter an amount above zero.',
  qrAlt: (amount: string) => `QR code: scan with your banking app to pay ${amount}`,
  copyLink: 'Copy payment link',
  copied: 'Payment link copied.',
  holdCard: 'Hold the card near the device.',
  timeLeft: (clock: string) => `Time left: ${clock}`,
  /** Bills. */
  amountBelowMinimum: (least: string) => `The least you can pay is ${least}.`,
  raised: (paid: string, target: string) => `${paid} of ${target} collected`,
  expiresIn: (clock: string) => `Expires in ${clock}`,
  transferTitle: 'Pay by bank transfer',
  transferExactly: (amount: string) => `Transfer exactly ${amount} to this account:`,
  transferRange: (least: string, most: string | null) =>
    most ? `Transfer between ${least} and ${most} to this account:` : `Transfer ${least} or more to this account:`,
  bankName: 'Bank',
  accountNumber: 'Account number',
  accountName: 'Account name',
  reference: 'Reference',
  copy: (what: string) => `Copy ${what.toLowerCase()}`,
  /** A copy button's visible label; its accessible name is `copy(what)`. */
  copyShort: 'Copy',
  copiedValue: (what: string) => `${what} copied.`,
  /** A kind this element has no view for (a newer server than the element). */
  unsupportedKind: 'This kind of checkout cannot be shown here.',
  /** Layout: the flexible bill's header, the QR code's caption, partial payments, the paid state, the footer. */
  chooseAmount: 'Choose how much to pay',
  amountRange: (least: string, most: string | null) => (most ? `${least} – ${most}` : `${least} or more`),
  scanToPay: 'Or scan with your banking app.',
  partialReceived: (paid: string) => `${paid} received.`,
  remaining: (due: string) => `${due} still to pay.`,
  orderSummary: (count: number) => `Order summary (${count} ${count === 1 ? 'item' : 'items'})`,
  billedTo: (name: string) => `Billed to ${name}`,
  dueOn: (date: string) => `Due ${date}`,
  paidOn: 'Paid on',
  paymentMethod: 'Method',
  methods: { CARD: 'Card', BANK_TRANSFER: 'Bank transfer' } as Record<string, string>,
  receipt: 'Receipt',
  viewReceipt: 'View receipt',
  securedBy: (who: string) => `Secured by ${who}`,
  questions: 'Questions?',
  financedPaidOut: (count: number, installment: string) => `Financed in ${count}× ${installment}; the lender has paid the merchant.`,
};

/** Everything the checkout says. */
export type Messages = typeof en;
