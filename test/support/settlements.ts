import { runSettlementPass } from '../../server/jobs/settlement-jobs.ts';
import { platformJob } from '../../server/modules/tenancy/job-context.ts';
import type { SettlementDeps } from '../../server/modules/settlements/settlements.service.ts';
import { createSandboxSettlementMachine, type SandboxSettlementMachine } from '../../server/providers/settlement-machine/sandbox-settlement-machine.ts';
import { SETTLEMENT_MACHINE_WEBHOOK_PATH } from '../../server/providers/settlement-machine/settlement-machine-webhook.ts';
import { ManualClock } from '../../server/domain/clock.ts';
import { startTestServer, TEST_SETTLEMENT_SECRET, type TestServer } from './server.ts';

export const BATCH_FIELDS = `id entityId status trigger cutoffAt amount { amountMinor currency } gross { amountMinor } reserve { amountMinor } fee { amountMinor }
  idempotencyKey attempt journalEntryId failureReason`;
export const LINE_FIELDS = `id kind journalEntryId paymentId amount { amountMinor currency }`;

export const SETTLEMENTS = /* GraphQL */ `
  query ($entityId: String, $status: SettlementStatus) {
    settlements(entityId: $entityId, status: $status, first: 50) { edges { node { ${BATCH_FIELDS} } } }
  }
`;
export const SETTLEMENT_LINES = /* GraphQL */ `
  query ($batchId: ID!, $after: String) {
    settlementLines(batchId: $batchId, first: 100, after: $after) { edges { cursor node { ${LINE_FIELDS} } } pageInfo { hasNextPage endCursor } }
  }
`;
export const BALANCES = /* GraphQL */ `
  query ($entityId: String!) {
    settlementEntity(entityId: $entityId) {
      balances {
        payable {
          amountMinor
        }
        reserved {
          amountMinor
        }
        inTransit {
          amountMinor
        }
        paidOut {
          amountMinor
        }
      }
    }
  }
`;
export const RESERVE = /* GraphQL */ `
  query ($entityId: String!) {
    reserveBalance(entityId: $entityId) {
      held {
        amountMinor
      }
      holds {
        batchId
        amount {
          amountMinor
        }
        remaining {
          amountMinor
        }
        releaseAt
      }
    }
  }
`;
export const RECONCILIATION = /* GraphQL */ `
  query ($entityId: String!, $from: DateTime!, $to: DateTime!) {
    settlementReconciliation(entityId: $entityId, from: $from, to: $to) {
      moneyIn {
        amountMinor
      }
      chargebacks {
        amountMinor
      }
      fees {
        amountMinor
      }
      paidOut {
        amountMinor
      }
      difference {
        amountMinor
      }
      balanced
      opening {
        payable {
          amountMinor
        }
        reserved {
          amountMinor
        }
        inTransit {
          amountMinor
        }
      }
      closing {
        payable {
          amountMinor
        }
        reserved {
          amountMinor
        }
        inTransit {
          amountMinor
        }
      }
    }
  }
`;
export const CREATE_BATCH = /* GraphQL */ `
  mutation ($input: CreateSettlementBatchInput!) { createSettlementBatch(input: $input) { settlementBatch { ${BATCH_FIELDS} } userErrors { code field message } } }
`;
export const RETRY = /* GraphQL */ `
  mutation ($input: RetrySettlementSubmissionInput!) { retrySettlementSubmission(input: $input) { settlementBatch { ${BATCH_FIELDS} } userErrors { code field message } } }
`;
export const CHARGEBACK = /* GraphQL */ `
  mutation ($input: RecordChargebackInput!) {
    recordChargeback(input: $input) {
      chargeback {
        id
        paymentId
        entityId
        amount {
          amountMinor
        }
        fromReserve {
          amountMinor
        }
        fromPayable {
          amountMinor
        }
        journalEntryId
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export interface SettlementTestServer {
  server: TestServer;
  machine: SandboxSettlementMachine;
  deps: SettlementDeps;
  clock: ManualClock;
  /** One settlement pass, as the cron job runs it. */
  pass(options?: { requeryAfterMs?: number }): ReturnType<typeof runSettlementPass>;
  /** Delivers the machine's pending callbacks to our route (each `times` times, in the given order); returns the HTTP statuses. */
  deliverCallbacks(options?: { times?: number; reverse?: boolean }): Promise<number[]>;
}

/** The app with a sandbox settlement machine the test drives: callbacks wait to be delivered by hand. */
export async function startSettlementServer(start: Date | string = '2026-03-02T10:00:00Z'): Promise<SettlementTestServer> {
  const clock = new ManualClock(start);
  let url = '';
  const machine = createSandboxSettlementMachine({
    secret: TEST_SETTLEMENT_SECRET,
    callbackUrl: () => `${url}${SETTLEMENT_MACHINE_WEBHOOK_PATH}`,
    now: () => clock.now(),
    autoDeliver: false,
  });
  const server = await startTestServer({ clock, sandboxSettlementMachine: machine });
  url = server.url;
  const deps: SettlementDeps = { machines: { test: machine, live: null } };
  return {
    server,
    machine,
    deps,
    clock,
    pass: (options) => runSettlementPass(platformJob(server.orm.em.fork(), clock), deps, options),
    async deliverCallbacks({ times = 1, reverse = false } = {}) {
      const callbacks = machine.takeCallbacks();
      if (reverse) callbacks.reverse();
      const statuses: number[] = [];
      for (const callback of callbacks) for (let i = 0; i < times; i++) statuses.push(await machine.deliver(callback));
      return statuses;
    },
  };
}

export const nodes = (connection: { edges: Array<{ node: any }> }) => connection.edges.map((edge) => edge.node);
