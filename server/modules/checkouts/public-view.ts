import type { BillStatus, BillType } from '../../domain/bills.ts';

// The shapes of what customers see of a checkout, apart from the code that finds them, so that the
// kinds (which compute their part) and the registry (which finds the kind) import no cycle.

/** What a customer may see of a checkout: no metadata, callback URLs or anyone's email. */
export interface PublicCheckout {
  id: string;
  /** For the server's own use (the sandbox bank); the GraphQL type does not expose it. */
  businessId: string;
  /** Its kind's name (the public `CheckoutKind`). */
  kind: string;
  merchantName: string;
  status: 'ACTIVE' | 'PAID' | 'EXPIRED' | 'CANCELED';
  currency: string;
  minorDigits: number;
  totalMinor: bigint;
  amountPaidMinor: bigint;
  amountDueMinor: bigint;
  allowPartialPayment: boolean;
  /** The least and most one payment may bring now; null most: no upper limit. */
  minimumPaymentMinor: bigint;
  maximumPaymentMinor: bigint | null;
  /** Null when the checkout never expires (a bill without a duration). */
  expiresAt: Date | null;
  invoiceNumber: string | null;
  receiptNumber: string | null;
  testMode: boolean;
  /** Where the customer goes once paid (payment links and bills); they would see it in the address bar anyway. */
  redirectUrl: string | null;
  /** Bills only. */
  bill: PublicBill | null;
  /** Till aliases only (absent for other kinds). */
  tillAlias?: PublicTillAlias | null;
  /** Payment requests (installment financing) only. */
  paymentRequest?: PublicPaymentRequest | null;
  /** An invoice's lines ([] when the checkout has no invoice), its customer and due date (YYYY-MM-DD). */
  lineItems: PublicLineItem[];
  customerName: string | null;
  dueDate: string | null;
  /** A bill's narration, a tap-to-pay session's description. */
  description: string | null;
  merchant: PublicMerchant;
  /** The most recent payment received, null before the first. */
  lastPayment: PublicPayment | null;
}

/** What a kind computes; the merchant and the last payment are the same for every kind (findPublicCheckout adds them). */
export type KindPublicView = Omit<PublicCheckout, 'merchant' | 'lastPayment'>;

/** The business's branding and support contact, as its customers see them. */
export interface PublicMerchant {
  name: string;
  /** An https URL, or our own path (`/v1/logos/…`) that the API prefixes with the public URL. */
  logoUrl: string | null;
  brandColor: string | null;
  /** Text on brandColor that passes WCAG AA. */
  brandTextColor: string | null;
  supportEmail: string | null;
  supportPhone: string | null;
  securedBy: string | null;
}

export interface PublicLineItem {
  description: string;
  quantity: number;
  unitAmountMinor: bigint;
  amountMinor: bigint;
}

export interface PublicPayment {
  amountMinor: bigint;
  paidAt: Date;
  method: string | null;
  receiptNumber: string;
  /** The receipt page is `/r/<receiptToken>`. */
  receiptToken: string;
}

export interface PublicBill {
  paymentRef: string;
  type: BillType;
  status: BillStatus;
  isFlexible: boolean;
  targetAmountMinor: bigint | null;
  narration: string | null;
  showQrCode: boolean;
  virtualAccount: { accountNumber: string; bankName: string; accountName: string } | null;
}

/** A till alias's own details, for its payer: the Lipa number to type and the fee on top. */
export interface PublicTillAlias {
  alias: string;
  name: string;
  /** Who is paid: the settlement entity (a school, a branch), which the business's own name may not say. */
  payeeName: string;
  memo: string | null;
  merchantAmountMinor: bigint;
  feeMinor: bigint;
  expectedTotalMinor: bigint;
  paymentMode: 'EXACT' | 'PARTIAL_AND_OVER';
  isActive: boolean;
}

/** A payment request's own details, for the business customer financing it (its plans are quoted where it is read). */
export interface PublicPaymentRequest {
  orderId: string | null;
  orderDescription: string | null;
  /** The CNPJ the merchant named (the checkout locks its field), or null: the customer types theirs. */
  customerTaxId: string | null;
  financingStatus: 'OPEN' | 'FINANCED' | 'EXPIRED' | 'CANCELED';
  expiresOn: string;
  installmentsCountMin: number;
  installmentsCountMax: number;
  /** The latest financing asked for (under way, or the last refused), null before the first. */
  financing: PublicFinancing | null;
}

/** What the customer sees of their financing: its progress, not the merchant's fee. */
export interface PublicFinancing {
  status: 'INITIALIZED' | 'AUTHORIZED' | 'CAPTURED' | 'SETTLED' | 'CANCELED';
  installmentsCount: number;
  installmentAmountMinor: bigint;
  customerTotalMinor: bigint;
  firstInstallmentDate: string;
  cetMonthly: string;
  interestFree: boolean;
  /** Why it was refused or canceled. */
  cancelReason: string | null;
  lenderPaidAt: Date | null;
}
