import { randomInt, randomUUID } from 'node:crypto';
import { minorDigits } from '../../domain/money.ts';
import { signPartnerBody } from '../../domain/partner-signature.ts';
import type { VirtualAccountProvider } from '../../modules/kinds/bill/virtual-accounts.ts';
import type { CheckoutReference } from '../../modules/checkouts/checkout-kind.ts';

export const SANDBOX_METHODS = ['CARD_SUCCESS', 'CARD_DECLINED', 'BANK_TRANSFER'] as const;
export type SandboxMethod = (typeof SANDBOX_METHODS)[number];

export interface SandboxCharge {
  /** How the checkout's kind says a bank names it: its id, a reference, or the account paid into. */
  reference: CheckoutReference;
  businessId: string;
  amountMinor: bigint;
  currency: string;
}

export type SandboxOutcome = { result: 'DECLINED' } | { result: 'SUCCEEDED'; receiptNumber: string | null };

/**
 * The test-mode bank partner, a sandbox of Alat. A declined card never reaches us (as with a real
 * bank); otherwise it reports the payment the way Alat does: a webhook signed with Alat's secret,
 * POSTed over HTTP to the server's own Alat route, so test payments travel the real path. It is
 * also test mode's virtual account provider.
 */
export function createSandboxBank(deps: {
  inboundUrl: () => string;
  secret: string | undefined;
  now: () => Date;
  tips?: { inboundUrl: () => string; secret: string | undefined };
}) {
  return {
    async charge(charge: SandboxCharge, method: SandboxMethod): Promise<SandboxOutcome> {
      if ('utilityRef' in charge.reference) return chargeOverTips(deps, charge, charge.reference.utilityRef, method);
      if (method === 'CARD_DECLINED') return { result: 'DECLINED' };
      if (!deps.secret) throw new Error('The sandbox bank needs PARTNER_WEBHOOK_SECRET to sign its webhooks');
      const rawBody = JSON.stringify({
        event: 'payment.completed',
        paymentId: `sandbox_${randomUUID()}`,
        // The partner's format names any checkout by id in paymentLinkId (sessionId is the same field to us).
        paymentLinkId: 'checkoutId' in charge.reference ? charge.reference.checkoutId : null,
        sessionId: null,
        amountKobo: Number(charge.amountMinor),
        currency: charge.currency,
        reference: `SANDBOX-${method}`,
        timestamp: deps.now().toISOString(),
        metadata: { businessId: charge.businessId, mode: 'TEST', method, ...('checkoutId' in charge.reference ? {} : charge.reference) },
      });
      const response = await fetch(deps.inboundUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signPartnerBody(deps.secret, rawBody) },
        body: rawBody,
      });
      const answer = (await response.json()) as { data?: { receiptNumber?: string | null } };
      if (!response.ok) throw new Error(`The inbound webhook answered ${response.status}`);
      return { result: 'SUCCEEDED', receiptNumber: answer.data?.receiptNumber ?? null };
    },

    /** A test virtual account: ten digits the sandbox will later report transfers into. */
    async allocate(accountName: string): ReturnType<VirtualAccountProvider['allocate']> {
      return { accountNumber: `99${String(randomInt(0, 100_000_000)).padStart(8, '0')}`, bankName: 'Sandbox Bank', accountName: accountName.slice(0, 200) };
    },
  };
}

export type SandboxBank = ReturnType<typeof createSandboxBank>;

/**
 * A Lipa number paid from a sandbox wallet: a TIPS notification signed with TIPS's secret, to the
 * real TIPS route. A declined card is a TIPS result other than SUCCESS (recorded, no money moved).
 */
async function chargeOverTips(
  deps: { now: () => Date; tips?: { inboundUrl: () => string; secret: string | undefined } },
  charge: SandboxCharge,
  utilityRef: string,
  method: SandboxMethod,
): Promise<SandboxOutcome> {
  if (!deps.tips?.secret) throw new Error('The sandbox bank needs TIPS_WEBHOOK_SECRET to sign TIPS notifications');
  const digits = minorDigits(charge.currency);
  const rawBody = JSON.stringify({
    transid: `SANDBOX-${randomUUID()}`,
    amount: digits
      ? `${charge.amountMinor / 10n ** BigInt(digits)}.${String(charge.amountMinor % 10n ** BigInt(digits)).padStart(digits, '0')}`
      : String(charge.amountMinor),
    currency: charge.currency,
    phone: '255700000000',
    utilityref: utilityRef,
    result: method === 'CARD_DECLINED' ? 'FAILED' : 'SUCCESS',
    received_at: deps.now().toISOString(),
    sandbox: true,
  });
  const response = await fetch(deps.tips.inboundUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-tips-signature': signPartnerBody(deps.tips.secret, rawBody) },
    body: rawBody,
  });
  const answer = (await response.json()) as { receipt_number?: string | null };
  if (!response.ok) throw new Error(`The TIPS webhook answered ${response.status}`);
  return method === 'CARD_DECLINED' ? { result: 'DECLINED' } : { result: 'SUCCEEDED', receiptNumber: answer.receipt_number ?? null };
}
