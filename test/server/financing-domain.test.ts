import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  financedPaymentMachine,
  invoiceDocumentKind,
  invoiceStatusMachine,
  LENDER_UPDATES,
  lenderUpdateSteps,
  type FinancedPaymentStatus,
  type FinancingInvoiceStatus,
  type LenderUpdate,
} from '../../server/domain/payment-requests.ts';
import { financingSettlementPosting, isBalanced } from '../../server/domain/ledger.ts';

type State = { status: FinancedPaymentStatus; invoiceStatus: FinancingInvoiceStatus };

/** Applies an update as the webhook does: every step through the machines; null (409) leaves it to be retried. */
function apply(state: State, update: LenderUpdate): State | null {
  const steps = lenderUpdateSteps(state, update);
  if (steps === null) return null;
  let next = { ...state };
  for (const step of steps) {
    if (step.invoiceStatus) {
      const moved = invoiceStatusMachine.transition(next.invoiceStatus, step.invoiceStatus);
      if (!moved.ok) throw new Error(moved.message);
      next = { ...next, invoiceStatus: moved.status };
    }
    if (step.status) {
      const moved = financedPaymentMachine.transition(next.status, step.status);
      if (!moved.ok) throw new Error(moved.message);
      next = { ...next, status: moved.status };
    }
  }
  return next;
}

describe('lender notices, in any order', () => {
  it('an approving lender’s notices, duplicated and shuffled (409s retried, the upload somewhere), always end SETTLED/COMPLETED', () => {
    const notices = fc.array(fc.constantFrom<LenderUpdate>('APPROVED', 'INVOICES_APPROVED', 'DISBURSED'), { maxLength: 6 });
    fc.assert(
      fc.property(notices, fc.nat(10), (extra, uploadAt) => {
        const queue: Array<LenderUpdate | 'UPLOAD'> = ['APPROVED', 'INVOICES_APPROVED', 'DISBURSED', ...extra];
        queue.splice(Math.min(uploadAt, queue.length), 0, 'UPLOAD');
        let state: State = { status: 'INITIALIZED', invoiceStatus: 'AWAITING' };
        // The lender retries what was answered 409; the merchant uploads once the payment is authorized.
        let pending = [...queue];
        for (let round = 0; round < 20 && pending.length; round++) {
          const retry: typeof pending = [];
          for (const item of pending) {
            if (item === 'UPLOAD') {
              if (state.status === 'AUTHORIZED' && state.invoiceStatus === 'AWAITING') state = { ...state, invoiceStatus: 'SUBMITTED' };
              else if (state.invoiceStatus === 'AWAITING') retry.push(item);
              continue;
            }
            const next = apply(state, item);
            if (next) state = next;
            else retry.push(item);
          }
          pending = retry;
        }
        expect(pending).toEqual([]);
        expect(state).toEqual({ status: 'SETTLED', invoiceStatus: 'COMPLETED' });
      }),
    );
  });

  it('an update the payment is at or past asks nothing; a refusal only touches an undecided payment', () => {
    for (const update of LENDER_UPDATES) {
      expect(lenderUpdateSteps({ status: 'SETTLED', invoiceStatus: 'COMPLETED' }, update)).toEqual([]);
      expect(lenderUpdateSteps({ status: 'CANCELED', invoiceStatus: 'AWAITING' }, update)).toEqual([]);
    }
    expect(lenderUpdateSteps({ status: 'AUTHORIZED', invoiceStatus: 'AWAITING' }, 'REFUSED')).toEqual([]);
    expect(lenderUpdateSteps({ status: 'INITIALIZED', invoiceStatus: 'AWAITING' }, 'REFUSED')).toEqual([{ status: 'CANCELED' }]);
    expect(lenderUpdateSteps({ status: 'INITIALIZED', invoiceStatus: 'AWAITING' }, 'DISBURSED')).toBeNull();
    expect(lenderUpdateSteps({ status: 'AUTHORIZED', invoiceStatus: 'SUBMITTED' }, 'DISBURSED')).toEqual([
      { status: 'CAPTURED', invoiceStatus: 'COMPLETED' },
      { status: 'SETTLED' },
    ]);
  });

  it('the settlement journal balances for any split of amount into payout and fee', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), (amount, share, invoiced) => {
        const fee = (amount * BigInt(Math.round(share * 1000))) / 1000n;
        const lines = financingSettlementPosting(
          'BRL',
          { amountMinor: amount, merchantFeeMinor: fee, merchantTotalAmountMinor: amount - fee },
          invoiced ? 'RECEIVABLE' : 'REVENUE',
        );
        expect(isBalanced(lines)).toBe(true);
      }),
    );
    expect(() => financingSettlementPosting('BRL', { amountMinor: 10n, merchantFeeMinor: 1n, merchantTotalAmountMinor: 8n }, 'REVENUE')).toThrow(RangeError);
  });
});

describe('invoice documents, by content', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  it('knows a PDF by its header and an NF-e by its root element, whatever comes before it', () => {
    expect(invoiceDocumentKind(bytes('%PDF-1.7\n...'))).toBe('PDF');
    expect(invoiceDocumentKind(bytes('<nfeProc versao="4.00"><NFe/></nfeProc>'))).toBe('NFE_XML');
    expect(invoiceDocumentKind(bytes('\ufeff<?xml version="1.0"?>\n<!-- nota --><NFe xmlns="http://www.portalfiscal.inf.br/nfe"/>'))).toBe('NFE_XML');
    expect(invoiceDocumentKind(bytes('<?xml version="1.0"?><ns:nfeProc xmlns:ns="x"/>'))).toBe('NFE_XML');
  });
  it('refuses anything else', () => {
    for (const text of ['', 'PDF-1.4', ' %PDF-1.4', '<html/>', '<?xml version="1.0"?><NFeX/>', '{"nfe":1}', 'GIF89a'])
      expect(invoiceDocumentKind(bytes(text))).toBeNull();
  });
});
