/**
 * Every merchant event type the code emits, with an example payload: the source of
 * `docs/events.md` (`npm run docs:events`). It cannot go stale unnoticed: a test scans the code
 * that writes outbox events for types missing here, and every server test checks each event its
 * run wrote against its entry's example (same fields, same JSON types).
 */
export interface CatalogueEntry {
  type: string;
  /** Where in the docs it is grouped. */
  group: 'Payments' | 'Checkouts' | 'Bills' | 'Lipa numbers' | 'Financing' | 'Settlements' | 'Settlement entities' | 'Webhooks';
  /** When it is sent. */
  when: string;
  /** The `data` of the delivery (the whole body for flat events). */
  example: Record<string, unknown>;
  /** Fields only some events of the type carry. */
  optional?: readonly string[];
  /** Objects whose keys are the merchant's own (`metadata`): only their being objects is checked. */
  freeForm?: readonly string[];
  /** Delivered as the payload itself with `webhook_id` (a seed's own callback shape), not in the `{ id, type, … data }` envelope. */
  flat?: boolean;
}

const bill = {
  billId: 'bill_01m8ve3kcjavh2q57zvwpb',
  paymentRef: 'PBBEEKNSTEJY',
  type: 'REGULAR',
  status: 'PAID',
  currency: 'NGN',
  amountPaidMinor: 500000,
  outstandingMinor: 0,
  targetAmountMinor: null,
  externalRef: 'order-1001',
};

const financing = {
  financedPaymentId: 'fp_01m8vdea409fa2mwewsnsj',
  checkoutId: 'preq_01m8vdea409fa2mwewsnsh',
  paymentRequestId: 'preq_01m8vdea409fa2mwewsnsh',
  status: 'AUTHORIZED',
  invoiceStatus: 'AWAITING',
  amountMinor: 1000000,
  merchantTotalAmountMinor: 921066,
  currency: 'BRL',
};

const batch = {
  batchId: 'stb_01kjrfyzk0g92fyb9kd5wf',
  entityId: 'ST-MARYS',
  status: 'SUBMITTED',
  amountMinor: 144000,
  currency: 'TZS',
  attempt: 1,
  idempotencyKey: 'settle_stb_01kjrfyzk0g92fyb9kd5wf',
};

const tillAlias = {
  checkoutId: 'ta_01m8ve1v1qdjdka08sycjb',
  alias: '32048894',
  name: 'F. Ngoiya — Term 1',
  appId: 'SCHOOLFEES',
  entityId: 'ST-MARYS',
  memo: 'INV-2026-00481',
  currency: 'TZS',
  paymentMode: 'EXACT',
  merchantAmountMinor: 1000000,
  feeMinor: 5000,
  expectedTotalMinor: 1005000,
  isActive: true,
};

export const EVENT_CATALOGUE: readonly CatalogueEntry[] = [
  {
    type: 'payment.received',
    group: 'Payments',
    when: 'A bank partner reported a payment and it was reconciled (every payment, whatever it applied to).',
    example: {
      paymentId: 'pay_01m8y0awbwfz2csw5wd0j7',
      partnerPaymentId: 'ALAT-7f3a9c',
      reference: 'Order 1001',
      receiptId: 'rec_01m8y0awbwfz2csw5wd0j8',
      receiptNumber: 'REC-2026-005',
      invoiceId: 'inv_01m8y0awbwfz2csw5wd0j4',
      checkoutId: 'pl_01m8y0awbwfz2csw5wd0j6',
      amountMinor: 150000,
      appliedMinor: 150000,
      currency: 'NGN',
      metadata: { orderId: '1001' },
    },
    freeForm: ['metadata'],
  },
  {
    type: 'payment.exception',
    group: 'Payments',
    when: 'Some or all of a payment did not apply (underpayment, overpayment, expired or unknown checkout, …): where it went instead.',
    example: {
      paymentId: 'pay_01m8ve0x179p2s9cxdpvta',
      partnerPaymentId: 'ALAT-8d21e0',
      reason: 'OVERPAYMENT',
      checkoutId: 'pl_01m8y0awbwfz2csw5wd0j6',
      amountMinor: 200000,
      customerCreditMinor: 50000,
      suspenseMinor: 0,
      currency: 'NGN',
    },
  },
  {
    type: 'invoice.paid',
    group: 'Payments',
    when: 'A payment (or a lender’s payout) paid an invoice in full.',
    example: {
      invoiceId: 'inv_01m8ve3kcjavh2q57zvwnq',
      number: 'INV-2026-001',
      checkoutId: 'pl_01m8ve3kcjavh2q57zvwns',
      totalMinor: 150000,
      amountPaidMinor: 150000,
      amountDueMinor: 0,
      currency: 'NGN',
    },
  },
  {
    type: 'invoice.partially_paid',
    group: 'Payments',
    when: 'A payment paid part of an invoice (partial payment allowed); what remains is `amountDueMinor`.',
    example: {
      invoiceId: 'inv_01m8ve0fh3zfn6rvrer216',
      number: 'INV-2026-002',
      checkoutId: 'pl_01m8ve0fh3zfn6rvrer218',
      totalMinor: 150000,
      amountPaidMinor: 50000,
      amountDueMinor: 100000,
      currency: 'NGN',
    },
  },
  {
    type: 'payment_link.expired',
    group: 'Checkouts',
    when: 'A payment link reached its expiry unpaid.',
    example: { checkoutId: 'pl_01m8vdzgcqx60w6tv872cn', invoiceId: 'inv_01m8vdzgcqx60w6tv872ck', expiresAt: '2026-12-03T13:09:23.479Z' },
  },
  {
    type: 'tap_to_pay.expired',
    group: 'Checkouts',
    when: 'A tap-to-pay session ended without a tap.',
    example: { checkoutId: 'nfc_sess_01m8ve4qz09cn5aa6k1t9n', invoiceId: null, expiresAt: '2026-12-02T13:17:15.072Z' },
  },
  {
    type: 'payment_request.expired',
    group: 'Checkouts',
    when: 'A payment request (financing) reached its expiry date without being financed.',
    example: { checkoutId: 'preq_01m8vdea40bbe9bex9x86n', paymentRequestId: 'preq_01m8vdea40bbe9bex9x86n', orderId: 'ORDER-91', expiresOn: '2026-12-09' },
  },
  {
    type: 'bill.payment_received',
    group: 'Bills',
    when: 'A payment applied to a bill (not sent when nothing applied: see `payment.exception`); with a split, each entity’s share.',
    example: {
      ...bill,
      paymentId: 'pay_01m8vhgme58kkdtc7nb76h',
      billPaymentRef: 'PBBEEKNSTEJY-1',
      amountMinor: 500000,
      shares: [{ entityId: 'ST-MARYS', amountMinor: 450000 }],
      principalMinor: 50000,
    },
  },
  {
    type: 'bill.paid',
    group: 'Bills',
    when: 'A regular bill (or a fixed dynamic one) was paid in full.',
    example: bill,
  },
  {
    type: 'bill.completed',
    group: 'Bills',
    when: 'A dynamic bill’s payments reached its target.',
    example: { ...bill, type: 'DYNAMIC', status: 'COMPLETED', amountPaidMinor: 10000000, targetAmountMinor: 10000000 },
  },
  {
    type: 'bill.expired',
    group: 'Bills',
    when: 'A bill with a duration reached its expiry before it was paid (or completed).',
    example: { ...bill, status: 'EXPIRED', amountPaidMinor: 0, outstandingMinor: 500000, expiresAt: '2026-12-02T14:11:10.405Z' },
    // The expiry sweep does not compute them; a payment arriving past the expiry does.
    optional: ['outstandingMinor', 'targetAmountMinor'],
  },
  {
    type: 'till_alias.created',
    group: 'Lipa numbers',
    when: 'A Lipa number (till alias) was created.',
    example: tillAlias,
  },
  {
    type: 'till_alias.deactivated',
    group: 'Lipa numbers',
    when: 'A Lipa number was deactivated (payments to it are still kept, as credit).',
    example: { ...tillAlias, isActive: false },
  },
  {
    type: 'till_alias.payment',
    group: 'Lipa numbers',
    when: 'TIPS reported a payment to a Lipa number: the app’s callback, in the seed’s own flat shape (amount as a decimal string).',
    flat: true,
    example: {
      transid: '504-APCTZ2c51b0c6',
      amount: '10050.00',
      currency: 'TZS',
      phone: '255787123456',
      app_id: 'SCHOOLFEES',
      memo: 'INV-2026-00481',
      utilityref: '32048894',
      result: 'SUCCESS',
      received_at: '2026-12-02T10:00:00Z',
    },
  },
  {
    type: 'financing.authorized',
    group: 'Financing',
    when: 'The lender approved the customer’s credit: the payment is authorized and waits for your invoice.',
    example: financing,
  },
  {
    type: 'financing.invoices_submitted',
    group: 'Financing',
    when: 'You uploaded the invoice(s) for an authorized payment; the lender reviews them.',
    example: { ...financing, invoiceStatus: 'SUBMITTED', invoiceNumbers: ['35261234567890'] },
  },
  {
    type: 'financing.captured',
    group: 'Financing',
    when: 'The lender approved the invoices and captured the payment.',
    example: { ...financing, status: 'CAPTURED', invoiceStatus: 'COMPLETED' },
  },
  {
    type: 'financing.settled',
    group: 'Financing',
    when: 'The lender paid you; the journal entry records it.',
    example: {
      ...financing,
      status: 'SETTLED',
      invoiceStatus: 'COMPLETED',
      lenderPaidAt: '2026-12-02T13:00:00.000Z',
      journalEntryId: 'je_01m8vdea409fa2mwewsnsr',
    },
  },
  {
    type: 'financing.canceled',
    group: 'Financing',
    when: 'The lender refused, you canceled, or the payment was not captured in time.',
    example: { ...financing, status: 'CANCELED', reason: 'The lender could not approve credit for this company.' },
    // The sweep that cancels uncaptured payments does not send it.
    optional: ['invoiceStatus'],
  },
  {
    type: 'settlement.created',
    group: 'Settlements',
    when: 'The settlement run made a batch for an entity: what it will be paid, less fee and reserve.',
    example: {
      batchId: 'stb_01kjrfyzk0g92fyb9kd5wf',
      entityId: 'ST-MARYS',
      status: 'PENDING',
      amountMinor: 144000,
      feeMinor: 0,
      reserveMinor: 16000,
      currency: 'TZS',
      cutoffAt: '2026-03-03T00:00:00+00:00',
    },
  },
  {
    type: 'settlement.submitted',
    group: 'Settlements',
    when: 'A batch was handed to the settlement machine.',
    example: batch,
    optional: ['failureReason'],
  },
  {
    type: 'settlement.paid',
    group: 'Settlements',
    when: 'The settlement machine paid the batch out.',
    example: { ...batch, status: 'PAID' },
    optional: ['failureReason'],
  },
  {
    type: 'settlement.failed',
    group: 'Settlements',
    when: 'The payout failed; the money is payable again (`retrySettlementSubmission`).',
    example: { ...batch, status: 'FAILED', failureReason: 'The receiving institution declined the transfer.' },
  },
  {
    type: 'settlement.chargeback_recorded',
    group: 'Settlements',
    when: 'A chargeback was recorded against an entity: taken from its payable balance first, then its reserve.',
    example: {
      chargebackId: 'cb_01kjv2bpk0d1rcbsvjm9cd',
      entityId: 'ST-MARYS',
      paymentId: 'pay_01kjpzv280xmt68p33xyqm',
      amountMinor: 18000,
      fromPayableMinor: 0,
      fromReserveMinor: 18000,
      currency: 'TZS',
      reason: 'Customer disputed',
    },
  },
  {
    type: 'settlement_entity.updated',
    group: 'Settlement entities',
    when: 'An entity’s details or KYC status changed (the operator’s review, or a change to where its money goes).',
    example: {
      settlementEntityId: 'se_01m8ve5cwgxsxepaky7kk5',
      entityId: 'ST-MARYS',
      name: 'St Mary’s School',
      settlementMethod: 'MOBILE_MONEY',
      kycStatus: 'REJECTED',
      previousKycStatus: 'PENDING',
      kycRequirementsMissing: ['MOBILE_MONEY_ACCOUNT_SCREENSHOT'],
      changed: ['kycStatus'],
      reason: 'Screenshot does not show the account name',
      updatedAt: '2026-12-02T13:12:36.496Z',
    },
  },
  {
    type: 'webhook.endpoint_disabled',
    group: 'Webhooks',
    when: 'An app’s endpoint answered 410 Gone and was disabled (`enableApp` turns it back on).',
    example: { appId: 'SHOP', callbackUrl: 'https://shop.example.com/webhooks', reason: 'The endpoint answered 410 Gone.' },
  },
];

/** The entry of a type, if it has one. */
export const catalogueEntry = (type: string): CatalogueEntry | undefined => EVENT_CATALOGUE.find((entry) => entry.type === type);

const jsonType = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * How a real payload differs from its example: a field the example lacks, a field of another JSON
 * type (null stands for any type), or a field of the example the payload lacks (unless optional).
 * Empty when it matches.
 */
export function payloadDrift(example: unknown, actual: unknown, optional: readonly string[] = [], path = '', freeForm: readonly string[] = []): string[] {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (actual === null || example === null) return [];
  if (jsonType(example) !== jsonType(actual)) return [`${path || 'payload'}: ${jsonType(actual)} where the example has ${jsonType(example)}`];
  if (freeForm.includes(path)) return [];
  if (Array.isArray(example) && Array.isArray(actual)) {
    if (!example.length || !actual.length) return [];
    return actual.flatMap((item, i) => payloadDrift(example[0], item, [], `${path}[${i}]`));
  }
  if (jsonType(example) !== 'object') return [];
  const expected = example as Record<string, unknown>;
  const given = actual as Record<string, unknown>;
  return [
    ...Object.keys(given)
      .filter((key) => !(key in expected))
      .map((key) => `${at(key)}: sent, but not in the example`),
    ...Object.keys(expected)
      .filter((key) => !(key in given) && !optional.includes(key))
      .map((key) => `${at(key)}: in the example, but not sent`),
    ...Object.keys(given)
      .filter((key) => key in expected)
      .flatMap((key) => payloadDrift(expected[key], given[key], [], at(key), freeForm)),
  ];
}

/** How an emitted event differs from its catalogue entry (a type without one is a difference too). */
export function eventDrift(type: string, payload: unknown): string[] {
  const entry = catalogueEntry(type);
  if (!entry) return [`${type}: emitted, but not in the event catalogue (server/modules/outbox/event-catalogue.ts)`];
  return payloadDrift(entry.example, payload, entry.optional, '', entry.freeForm).map((drift) => `${type}: ${drift}`);
}
