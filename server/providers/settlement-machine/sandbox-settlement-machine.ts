import { randomUUID } from 'node:crypto';
import { SETTLEMENT_SIGNATURE_HEADER, settlementSignatureValid, signSettlementBody } from '../../domain/settlement-signature.ts';
import {
  SubmissionOutcomeUnknown,
  type PayoutLookup,
  type PayoutSubmission,
  type SettlementMachine,
  type SubmissionAnswer,
} from '../../modules/settlements/settlement-machine.ts';

/**
 * What the sandbox does with a submission: pay it, fail it, refuse it outright, or time out, having
 * received it (it pays, but the caller never hears) or not (it never arrived).
 */
export type SandboxOutcome = 'PAY' | 'FAIL' | 'REJECT' | 'TIMEOUT_RECEIVED' | 'TIMEOUT_LOST';

/** A callback's body; it is signed when it is sent (a late or repeated delivery carries a fresh timestamp, as a real sender's would). */
export interface SandboxCallback {
  body: string;
}

interface KeyState {
  status: 'PROCESSING' | 'PAID' | 'FAILED';
  attempt: number;
  reference: string;
  reason: string;
}

export interface SandboxSettlementMachine extends SettlementMachine {
  /** Every disbursement it made: a key appears at most once however often it is submitted. */
  readonly disbursements: ReadonlyArray<{ idempotencyKey: string; amountMinor: bigint; currency: string; attempt: number }>;
  /** Submissions it received, with whether their signature verified. */
  readonly received: ReadonlyArray<{ submission: PayoutSubmission; signatureValid: boolean }>;
  /** Decides each submission's fate (default: pay). */
  setBehaviour(decide: (submission: PayoutSubmission) => SandboxOutcome): void;
  /** Callbacks it has not delivered yet (with `autoDeliver` off), oldest first; taking them empties the list. */
  takeCallbacks(): SandboxCallback[];
  /** POSTs one callback to our route, as the machine would; returns the HTTP status. */
  deliver(callback: SandboxCallback): Promise<number>;
}

/**
 * The settlement machine's sandbox, for test mode: it verifies each submission's signature, pays an
 * idempotency key at most once (a failed key may be re-attempted), and reports each outcome on a
 * signed callback to our callback route, over HTTP, after answering.
 */
export function createSandboxSettlementMachine(config: {
  secret: string;
  callbackUrl: () => string;
  now: () => Date;
  /** Deliver callbacks by itself, just after answering (the running app); tests take them by hand. */
  autoDeliver: boolean;
}): SandboxSettlementMachine {
  const keys = new Map<string, KeyState>();
  const disbursements: Array<{ idempotencyKey: string; amountMinor: bigint; currency: string; attempt: number }> = [];
  const received: Array<{ submission: PayoutSubmission; signatureValid: boolean }> = [];
  let pending: SandboxCallback[] = [];
  let decide: (submission: PayoutSubmission) => SandboxOutcome = () => 'PAY';

  const deliver = async (callback: SandboxCallback) => {
    const response = await fetch(config.callbackUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SETTLEMENT_SIGNATURE_HEADER]: signSettlementBody(config.secret, callback.body, config.now()) },
      body: callback.body,
    });
    await response.arrayBuffer();
    return response.status;
  };

  const queueCallback = (submission: PayoutSubmission, state: KeyState) => {
    const body = JSON.stringify({
      event: state.status === 'PAID' ? 'payout.paid' : 'payout.failed',
      batchId: submission.batchId,
      idempotencyKey: submission.idempotencyKey,
      attempt: state.attempt,
      reference: state.reference,
      reason: state.status === 'FAILED' ? state.reason : null,
      at: config.now().toISOString(),
    });
    const callback = { body };
    if (!config.autoDeliver) return void pending.push(callback);
    setImmediate(() => void deliver(callback).catch((error: unknown) => console.error('[sandbox-settlement] callback failed', error)));
  };

  /** The remote side: what the machine does with signed bytes. */
  const receive = (body: string, signature: string): SubmissionAnswer | 'LOST' | 'RECEIVED_NO_ANSWER' => {
    const submission = JSON.parse(body, (key, value) => (key === 'amountMinor' ? BigInt(value as string) : value)) as PayoutSubmission;
    const signatureValid = settlementSignatureValid(config.secret, body, signature, config.now());
    received.push({ submission, signatureValid });
    if (!signatureValid) return { status: 'REJECTED', reason: 'INVALID_SIGNATURE' };
    const outcome = decide(submission);
    if (outcome === 'TIMEOUT_LOST') return 'LOST';
    const known = keys.get(submission.idempotencyKey);
    // A key it paid, or is paying, is never paid again: it says so again, for this attempt.
    if (known && known.status !== 'FAILED') {
      known.attempt = Math.max(known.attempt, submission.attempt);
      if (known.status === 'PAID') queueCallback(submission, known);
      return { status: 'ACCEPTED', reference: known.reference };
    }
    if (outcome === 'REJECT') return { status: 'REJECTED', reason: 'Destination refused by the settlement machine (sandbox).' };
    const state: KeyState = {
      status: outcome === 'FAIL' ? 'FAILED' : 'PAID',
      attempt: submission.attempt,
      reference: known?.reference ?? `stm_${randomUUID()}`,
      reason: 'The receiving institution declined the transfer (sandbox).',
    };
    keys.set(submission.idempotencyKey, state);
    if (state.status === 'PAID')
      disbursements.push({
        idempotencyKey: submission.idempotencyKey,
        amountMinor: submission.amountMinor,
        currency: submission.currency,
        attempt: submission.attempt,
      });
    queueCallback(submission, state);
    return outcome === 'TIMEOUT_RECEIVED' ? 'RECEIVED_NO_ANSWER' : { status: 'ACCEPTED', reference: state.reference };
  };

  return {
    disbursements,
    received,
    setBehaviour(next) {
      decide = next;
    },
    takeCallbacks() {
      const taken = pending;
      pending = [];
      return taken;
    },
    deliver,
    async submit(submission) {
      // Signed as a real client signs its HTTP body.
      const body = JSON.stringify(submission, (_key, value) => (typeof value === 'bigint' ? String(value) : value));
      const answer = receive(body, signSettlementBody(config.secret, body, config.now()));
      if (answer === 'LOST' || answer === 'RECEIVED_NO_ANSWER')
        throw new SubmissionOutcomeUnknown(`No answer for ${submission.idempotencyKey} (sandbox timeout)`);
      return answer;
    },
    async query(idempotencyKey): Promise<PayoutLookup> {
      const known = keys.get(idempotencyKey);
      if (!known) return { status: 'NOT_FOUND' };
      if (known.status === 'FAILED') return { status: 'FAILED', reference: known.reference, attempt: known.attempt, reason: known.reason };
      return { status: known.status, reference: known.reference, attempt: known.attempt };
    },
  };
}
