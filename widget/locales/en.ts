/** What the checkout says in English; every other locale has the same keys (`Messages`). Amounts are
 * formatted separately (Intl). */
export const en = {
  loading: 'Loading…',
  notFound: 'This checkout does not exist.',
  loadError: 'The checkout could not be loaded. Please try again.',
  amountDue: (invoice: string | null) => `Amount due${invoice ? ` for invoice ${invoice}` : ''}`,
  paid: (receipt: string | null) => `Paid${receipt ? ` — receipt ${receipt}` : ''}`,
  expired: 'This checkout has expired.',
  canceled: 'This checkout was canceled.',
  reconnecting: 'Reconnecting…',
  testMode: 'test mode',
  payTest: 'Pay (test)',
  payTestCard: 'Pay (test): card',
  payTestTransfer: 'Pay (test): bank transfer',
  payTestDeclined: 'Pay (test): declined card',
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
  billAmountRange: (least: string, most: string | null) => (most ? `Pay between ${least} and ${most}.` : `Pay ${least} or more.`),
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
  copiedValue: (what: string) => `${what} copied.`,
  /** A kind this element has no view for (a newer server than the element). */
  unsupportedKind: 'This kind of checkout cannot be shown here.',
};

/** Everything the checkout says. */
export type Messages = typeof en;
