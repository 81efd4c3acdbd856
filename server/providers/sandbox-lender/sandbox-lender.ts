import { randomUUID } from 'node:crypto';
import { formatCnpj } from '../../domain/cnpj.ts';
import { signPartnerBody } from '../../domain/partner-signature.ts';
import type { FinancingApplication, InvoiceSubmission, LenderPort, LenderRates } from '../../modules/kinds/payment-request/lender-port.ts';
import { SANDBOX_LENDER, type SandboxLenderNotice } from './lender-webhook.ts';

/** The one CNPJ the sandbox lender always refuses (a valid number: the refusal is the lender's, not a typo). */
export const SANDBOX_REFUSED_CNPJ = '11444777000161';
/** The sandbox lender's credit limit per financing: R$ 1.000.000,00. */
export const SANDBOX_CREDIT_LIMIT_MINOR = 100_000_000n;

/**
 * The sandbox lender's rule (test mode): it approves every valid CNPJ for up to
 * SANDBOX_CREDIT_LIMIT_MINOR, except SANDBOX_REFUSED_CNPJ, which it refuses; it approves every
 * invoice set it is sent and then pays the merchant's total out.
 */
export function sandboxDecision(
  application: Pick<FinancingApplication, 'customerCnpj' | 'amountMinor'>,
): { approved: true } | { approved: false; reason: string } {
  if (application.customerCnpj === SANDBOX_REFUSED_CNPJ) return { approved: false, reason: 'The lender could not approve credit for this company.' };
  if (application.amountMinor > SANDBOX_CREDIT_LIMIT_MINOR) return { approved: false, reason: 'The amount is above the credit limit for this company.' };
  return { approved: true };
}

/**
 * The test-mode lender. Like the sandbox bank, it answers on the real path: each decision is a
 * signed notice POSTed over HTTP to our own lender route, a moment (`delayMs`) after it was asked,
 * so the checkout sees "analysing" and then the answer arrive live. A notice answered 409 (not yet
 * applicable) is sent again, as a real lender retries.
 */
export function createSandboxLender(deps: { inboundUrl: () => string; secret: string; now: () => Date; delayMs: number; rates: () => LenderRates }) {
  const pending = new Set<Promise<void>>();

  async function deliver(notice: SandboxLenderNotice): Promise<void> {
    const body = JSON.stringify(notice);
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await fetch(deps.inboundUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lender-signature': signPartnerBody(deps.secret, body) },
        body,
      });
      await response.text();
      if (response.ok) return;
      if (response.status !== 409 && response.status < 500) throw new Error(`The lender route answered ${response.status} to ${notice.type}`);
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
    throw new Error(`The lender route kept refusing ${notice.type}`);
  }

  /** Runs `work` after the delay, in the background; `idle()` waits for it. */
  function later(work: () => Promise<void>): void {
    const run: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, deps.delayMs))
      .then(work)
      .catch((error: unknown) => console.error('[sandbox-lender] delivery failed', error instanceof Error ? error.message : error))
      .finally(() => pending.delete(run));
    pending.add(run);
  }

  const notice = (type: SandboxLenderNotice['type'], paymentId: string, extra: Partial<SandboxLenderNotice> = {}): SandboxLenderNotice => ({
    id: `sbx_${randomUUID()}`,
    type,
    paymentId,
    occurredAt: deps.now().toISOString(),
    ...extra,
  });

  const lender: LenderPort & { idle(): Promise<void> } = {
    name: SANDBOX_LENDER,
    rates: deps.rates,
    async decide(application: FinancingApplication) {
      const decision = sandboxDecision(application);
      const borrower = { id: `sbx_borrower_${application.customerCnpj}`, legalName: `Empresa Sandbox ${formatCnpj(application.customerCnpj)} Ltda` };
      later(() =>
        deliver(
          decision.approved
            ? notice('financing.approved', application.paymentId, { borrower, merchantRecourseRate: '0' })
            : notice('financing.refused', application.paymentId, { borrower, reason: decision.reason }),
        ),
      );
    },
    async submitInvoices(submission: InvoiceSubmission) {
      later(async () => {
        await deliver(notice('invoices.approved', submission.paymentId));
        await deliver(
          notice('disbursement.completed', submission.paymentId, { amount: Number(submission.merchantTotalAmountMinor), currency: submission.currency }),
        );
      });
    },
    /** Waits until every notice asked for so far has been delivered (tests). */
    async idle() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
  return lender;
}

export type SandboxLender = ReturnType<typeof createSandboxLender>;
