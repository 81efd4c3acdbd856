import type { Mode } from '../../domain/api-keys.ts';

/**
 * The settlement machine (seed 002: "submits a signed payload to our settlement machine for actual
 * disbursement"), as the port settlements need. A provider signs each submission; the machine pays
 * an idempotency key at most once, however often it is submitted. Its answer comes later, on its
 * signed callback (a partner adapter, `providers/settlement-machine/`).
 */
export interface PayoutSubmission {
  batchId: string;
  /** The same for every submission of a batch. */
  idempotencyKey: string;
  /** Which submission this is (1, 2, …); the machine's callback names it. */
  attempt: number;
  amountMinor: bigint;
  currency: string;
  destination: PayoutDestination;
}

export type PayoutDestination =
  | { method: 'MOBILE_MONEY'; msisdn: string; provider: string; name: string }
  | { method: 'BANK'; bankName: string; accountNumber: string; accountName: string; branch: string | null; swift: string | null };

/** The machine took it (it will call back), or refused it outright (it will not pay). */
export type SubmissionAnswer = { status: 'ACCEPTED'; reference: string } | { status: 'REJECTED'; reason: string };

/** What the machine knows about a key: asked before anything is resubmitted after an unknown outcome. */
export type PayoutLookup =
  | { status: 'NOT_FOUND' }
  | { status: 'PROCESSING'; reference: string; attempt: number }
  | { status: 'PAID'; reference: string; attempt: number }
  | { status: 'FAILED'; reference: string; attempt: number; reason: string };

/** Thrown by `submit` when the outcome is unknown (a timeout, a dropped connection): the machine may or may not have it. */
export class SubmissionOutcomeUnknown extends Error {}

export interface SettlementMachine {
  submit(submission: PayoutSubmission): Promise<SubmissionAnswer>;
  query(idempotencyKey: string): Promise<PayoutLookup>;
}

/** The machine per mode: test mode is always the sandbox; live mode has none until one is integrated. */
export interface SettlementMachines {
  test: SettlementMachine;
  live: SettlementMachine | null;
}

export const machineFor = (machines: SettlementMachines, mode: Mode): SettlementMachine | null => (mode === 'TEST' ? machines.test : machines.live);

/** A machine's callback, in our terms (parsed by its partner adapter). */
export interface PayoutResult {
  batchId: string;
  idempotencyKey: string;
  attempt: number;
  status: 'PAID' | 'FAILED';
  reference: string;
  reason: string | null;
}
