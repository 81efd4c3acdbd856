import { defineMachine } from './state-machine.ts';

/**
 * A settlement entity's KYC (seed 002, "KYC required before go-live"): the operator approves or
 * rejects it; a change to where its money goes (bank or mobile-money details) sends it back to
 * PENDING, since what was checked no longer describes it. A rejected entity is reopened (PENDING)
 * when the merchant re-submits.
 */
export const kycMachine = defineMachine('settlement entity KYC', {
  PENDING: ['APPROVED', 'REJECTED'],
  APPROVED: ['PENDING', 'REJECTED'],
  REJECTED: ['PENDING'],
});
export const KYC_STATUSES = kycMachine.statuses;
export type KycStatus = (typeof KYC_STATUSES)[number];

/** Documents the merchant emails (the operator records their receipt); the rest are details on the entity. */
export const KYC_DOCUMENTS = ['BANK_STATEMENT', 'MOBILE_MONEY_ACCOUNT_SCREENSHOT', 'SAMPLE_INVOICE'] as const;
export type KycDocument = (typeof KYC_DOCUMENTS)[number];

export const KYC_REQUIREMENTS = [
  'LEGAL_NAME',
  'TRADING_NAME',
  'PHYSICAL_ADDRESS',
  'AUTHORISED_CONTACT',
  'BANK_DETAILS',
  'BANK_STATEMENT',
  'MOBILE_MONEY_MSISDN',
  'MOBILE_MONEY_ACCOUNT_SCREENSHOT',
  'SAMPLE_INVOICE',
] as const;
export type KycRequirementCode = (typeof KYC_REQUIREMENTS)[number];

export interface KycRequirement {
  code: KycRequirementCode;
  description: string;
  met: boolean;
}

/** What the per-entity list looks at. */
export interface KycFacts {
  settlementMethod: 'BANK' | 'MOBILE_MONEY';
  name?: string | null;
  tradingName?: string | null;
  physicalAddress?: string | null;
  contactName?: string | null;
  contactRole?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  msisdn?: string | null;
  bankName?: string | null;
  bankBranch?: string | null;
  bankSwift?: string | null;
  bankAccountNumber?: string | null;
  bankAccountName?: string | null;
  kycDocuments: readonly string[];
}

const present = (...values: Array<string | null | undefined>) => values.every((v) => v != null && v.trim() !== '');

/** The seed's per-entity list for this entity's settlement method, each item met or still missing. */
export function kycRequirements(facts: KycFacts): KycRequirement[] {
  const has = (doc: KycDocument) => facts.kycDocuments.includes(doc);
  const common: KycRequirement[] = [
    { code: 'LEGAL_NAME', description: 'Legal name', met: present(facts.name) },
    { code: 'TRADING_NAME', description: 'Trading name', met: present(facts.tradingName) },
    { code: 'PHYSICAL_ADDRESS', description: 'Physical address', met: present(facts.physicalAddress) },
    {
      code: 'AUTHORISED_CONTACT',
      description: 'Authorised contact: full name, role, email, mobile',
      met: present(facts.contactName, facts.contactRole, facts.contactEmail, facts.contactPhone),
    },
  ];
  const method: KycRequirement[] =
    facts.settlementMethod === 'BANK'
      ? [
          {
            code: 'BANK_DETAILS',
            description: 'Bank name, branch, SWIFT, account number, account name',
            met: present(facts.bankName, facts.bankBranch, facts.bankSwift, facts.bankAccountNumber, facts.bankAccountName),
          },
          { code: 'BANK_STATEMENT', description: 'A recent bank statement (3 months or newer) confirming the account', met: has('BANK_STATEMENT') },
        ]
      : [
          { code: 'MOBILE_MONEY_MSISDN', description: 'Registered MSISDN', met: present(facts.msisdn) },
          {
            code: 'MOBILE_MONEY_ACCOUNT_SCREENSHOT',
            description: 'A screenshot of the Lipa Number or merchant account showing the account name',
            met: has('MOBILE_MONEY_ACCOUNT_SCREENSHOT'),
          },
        ];
  return [
    ...common,
    ...method,
    { code: 'SAMPLE_INVOICE', description: 'A sample invoice or receipt template you will issue to customers', met: has('SAMPLE_INVOICE') },
  ];
}

/** The document that vouches for the settlement details: it no longer does once they change. */
export const settlementProofFor = (method: 'BANK' | 'MOBILE_MONEY'): KycDocument => (method === 'BANK' ? 'BANK_STATEMENT' : 'MOBILE_MONEY_ACCOUNT_SCREENSHOT');

/** Fields whose change sends an entity back to PENDING. */
export const SETTLEMENT_DETAIL_FIELDS = [
  'settlementMethod',
  'msisdn',
  'mobileProvider',
  'bankName',
  'bankAccountNumber',
  'bankAccountName',
  'bankBranch',
  'bankSwift',
] as const;
