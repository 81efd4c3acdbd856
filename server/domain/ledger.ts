/**
 * Double-entry posting rules. A journal is a set of lines; each line debits or credits one account
 * in one currency; per currency, debits equal credits. The database enforces the same rule.
 */

export const ACCOUNTS = {
  PARTNER_CLEARING: { code: '1100', name: 'Partner clearing', type: 'ASSET' },
  RECEIVABLE: { code: '1200', name: 'Accounts receivable', type: 'ASSET' },
  /** Paid out by the settlement machine to a bank account or a wallet (per entity: the line's `party`). */
  BANK_PAYOUT_CLEARING: { code: '1300', name: 'Bank payout clearing', type: 'ASSET' },
  WALLET_PAYOUT_CLEARING: { code: '1310', name: 'Wallet payout clearing', type: 'ASSET' },
  CUSTOMER_CREDIT: { code: '2100', name: 'Customer credit', type: 'LIABILITY' },
  /** One per settlement entity (the line's `party`): its share of split payments, owed until payout. */
  SETTLEMENT_PAYABLE: { code: '2200', name: 'Payable to settlement entity', type: 'LIABILITY' },
  /** Per entity: held back from its batches until each hold's release date. */
  SETTLEMENT_RESERVE: { code: '2210', name: 'Settlement reserve', type: 'LIABILITY' },
  /** Per entity: in a batch submitted (or about to be) to the settlement machine. */
  PAYOUT_IN_TRANSIT: { code: '2220', name: 'Payout in transit', type: 'LIABILITY' },
  SUSPENSE: { code: '2900', name: 'Suspense', type: 'LIABILITY' },
  REVENUE: { code: '4000', name: 'Revenue', type: 'INCOME' },
  /** The platform fee added on top of a till alias's merchant amount (seed 002). */
  PLATFORM_FEE_INCOME: { code: '4100', name: 'Platform fee income', type: 'INCOME' },
  PAYOUT_FEE_INCOME: { code: '4200', name: 'Payout fee income', type: 'INCOME' },
  /** What a lender owes the merchant for a financed payment, until its payout arrives (issue 14). */
  LENDER_CLEARING: { code: '1300', name: 'Lender clearing', type: 'ASSET' },
  /** The lender's fee on a financed payment, the merchant's subsidy included. */
  FINANCING_COST: { code: '5100', name: 'Financing cost', type: 'EXPENSE' },
} as const;

export type AccountKey = keyof typeof ACCOUNTS;
export type AccountType = (typeof ACCOUNTS)[AccountKey]['type'];

export interface PostingLine {
  account: AccountKey;
  /** The sub-ledger: which settlement entity a SETTLEMENT_PAYABLE (reserve, in-transit, payout clearing) line belongs to. */
  party?: string;
  currency: string;
  debitMinor: bigint;
  creditMinor: bigint;
}

const debit = (account: AccountKey, currency: string, amount: bigint): PostingLine => ({ account, currency, debitMinor: amount, creditMinor: 0n });
const credit = (account: AccountKey, currency: string, amount: bigint, party?: string): PostingLine =>
  party ? { account, party, currency, debitMinor: 0n, creditMinor: amount } : { account, currency, debitMinor: 0n, creditMinor: amount };

export function isBalanced(lines: readonly PostingLine[]): boolean {
  const net = new Map<string, bigint>();
  for (const line of lines) net.set(line.currency, (net.get(line.currency) ?? 0n) + line.debitMinor - line.creditMinor);
  return lines.length >= 2 && [...net.values()].every((sum) => sum === 0n);
}

/** Issuing an invoice: the customer owes its total. */
export function invoiceIssuedPosting(currency: string, totalMinor: bigint): PostingLine[] {
  return [debit('RECEIVABLE', currency, totalMinor), credit('REVENUE', currency, totalMinor)];
}

/**
 * Money the partner reports: all of it lands in clearing; what applies settles the receivable (or
 * is revenue at once for a sale with no invoice), less the settlement entities' shares of a split
 * payment, which they are owed; a known customer's excess becomes their credit, and what cannot be
 * attributed waits in suspense.
 */
export function paymentPosting(
  currency: string,
  split: { appliedMinor: bigint; customerCreditMinor: bigint; suspenseMinor: bigint },
  appliedTo: 'RECEIVABLE' | 'REVENUE' | 'PLATFORM_FEE_INCOME' = 'RECEIVABLE',
  shares: ReadonlyArray<{ party: string; amountMinor: bigint }> = [],
): PostingLine[] {
  const total = split.appliedMinor + split.customerCreditMinor + split.suspenseMinor;
  const lines = [debit('PARTNER_CLEARING', currency, total)];
  let principal = split.appliedMinor;
  for (const share of shares) {
    if (share.amountMinor <= 0n) continue;
    lines.push(credit('SETTLEMENT_PAYABLE', currency, share.amountMinor, share.party));
    principal -= share.amountMinor;
  }
  if (principal < 0n) throw new RangeError('Shares exceed the applied amount');
  if (principal > 0n) lines.push(credit(appliedTo, currency, principal));
  if (split.customerCreditMinor > 0n) lines.push(credit('CUSTOMER_CREDIT', currency, split.customerCreditMinor));
  if (split.suspenseMinor > 0n) lines.push(credit('SUSPENSE', currency, split.suspenseMinor));
  return lines;
}

/**
 * An invoice collected through a till alias for a settlement entity: the payment already credits
 * the entity's payable, so the invoice's receivable is settled out of the revenue its issue booked
 * (the money is the entity's, not the business's).
 */
export function invoicePassThroughPosting(currency: string, amountMinor: bigint): PostingLine[] {
  return amountMinor > 0n ? [debit('REVENUE', currency, amountMinor), credit('RECEIVABLE', currency, amountMinor)] : [];
}

/**
 * A financed payment's payout (issue 14): the lender pays the merchant's total into clearing, its fee
 * (subsidy included) is the merchant's cost, and the amount settles the receivable (or is revenue).
 */
export function financingSettlementPosting(
  currency: string,
  amounts: { amountMinor: bigint; merchantFeeMinor: bigint; merchantTotalAmountMinor: bigint },
  appliedTo: 'RECEIVABLE' | 'REVENUE',
): PostingLine[] {
  if (amounts.merchantTotalAmountMinor + amounts.merchantFeeMinor !== amounts.amountMinor) throw new RangeError('Payout and fee do not make up the amount');
  const lines = [debit('LENDER_CLEARING', currency, amounts.merchantTotalAmountMinor)];
  if (amounts.merchantFeeMinor > 0n) lines.push(debit('FINANCING_COST', currency, amounts.merchantFeeMinor));
  lines.push(credit(appliedTo, currency, amounts.amountMinor));
  return lines;
}

/** Balance in the account's natural direction: assets and expenses debit-positive, the rest credit-positive. */
export function naturalBalance(type: AccountType, debits: bigint, credits: bigint): bigint {
  return type === 'ASSET' || type === 'EXPENSE' ? debits - credits : credits - debits;
}
