import { runSettlementPass } from '../../server/jobs/settlement-jobs.ts';
import { platformJob } from '../../server/modules/tenancy/job-context.ts';
import type { SettlementDeps } from '../../server/modules/settlements/settlements.service.ts';
import { createSandboxSettlementMachine, type SandboxSettlementMachine } from '../../server/providers/settlement-machine/sandbox-settlement-machine.ts';
import { SETTLEMENT_MACHINE_WEBHOOK_PATH } from '../../server/providers/settlement-machine/settlement-machine-webhook.ts';
import type { Config } from '../../server/config.ts';
import { ManualClock } from '../../server/domain/clock.ts';
import type { SettlementMachine } from '../../server/modules/settlements/settlement-machine.ts';
import { CREATE_ENTITY, createBill } from './bills.ts';
import { deliverWebhook, partnerPayload } from './money-path.ts';
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
  /** Where the sandbox sends its callbacks (this server's URL). */
  target: { url: string };
  deps: SettlementDeps;
  clock: ManualClock;
  /** One settlement pass, as the cron job runs it. */
  pass(options?: { requeryAfterMs?: number; requerySubmittedAfterMs?: number }): ReturnType<typeof runSettlementPass>;
  /** Delivers the machine's pending callbacks to our route (each `times` times, in the given order); returns the HTTP statuses. */
  deliverCallbacks(options?: { times?: number; reverse?: boolean }): Promise<number[]>;
}

/** A sandbox settlement machine whose callbacks go to `target.url` (set it to the server it should call; a restarted one too). */
export function sandboxMachineFor(clock: ManualClock): { machine: SandboxSettlementMachine; target: { url: string } } {
  const target = { url: '' };
  const machine = createSandboxSettlementMachine({
    secret: TEST_SETTLEMENT_SECRET,
    callbackUrl: () => `${target.url}${SETTLEMENT_MACHINE_WEBHOOK_PATH}`,
    now: () => clock.now(),
    autoDeliver: false,
  });
  return { machine, target };
}

/**
 * The app with a sandbox settlement machine the test drives: callbacks wait to be delivered by hand.
 * A test that restarts the app passes the first one's database, clock and sandbox; `port` puts
 * something between the app and the sandbox (a submission that never returns, say).
 */
export async function startSettlementServer(
  start: Date | string = '2026-03-02T10:00:00Z',
  options: {
    clock?: ManualClock;
    sandbox?: { machine: SandboxSettlementMachine; target: { url: string } };
    port?: (machine: SandboxSettlementMachine) => SettlementMachine;
    databaseUrl?: string;
    config?: Partial<Config>;
  } = {},
): Promise<SettlementTestServer> {
  const clock = options.clock ?? new ManualClock(start);
  const { machine, target } = options.sandbox ?? sandboxMachineFor(clock);
  const port = options.port ? options.port(machine) : machine;
  const server = await startTestServer({ clock, sandboxSettlementMachine: port, databaseUrl: options.databaseUrl, config: options.config });
  target.url = server.url;
  const deps: SettlementDeps = { machines: { test: port, live: null } };
  return {
    server,
    machine,
    target,
    deps,
    clock,
    pass: (passOptions) => runSettlementPass(platformJob(server.orm.em.fork(), clock), deps, passOptions),
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

/** The calls a settlement test makes as one business (its test key), over the API. */
export function settlementClient(t: SettlementTestServer, key: string) {
  const gql = (query: string, variables: Record<string, unknown> = {}) => t.server.gql(query, variables, { key });
  return {
    gql,
    async entity(entityId: string, extra: Record<string, unknown> = {}) {
      const result = await gql(CREATE_ENTITY, {
        input: { entityId, name: `Entity ${entityId}`, settlementMethod: 'MOBILE_MONEY', msisdn: '+255712111222', mobileProvider: 'MPESA', ...extra },
      });
      const payload = result.body.data?.createSettlementEntity;
      if (!payload || payload.userErrors.length) throw new Error(`createSettlementEntity failed: ${JSON.stringify(result.body)}`);
      return payload.settlementEntity;
    },
    batches: async (entityId: string) => nodes((await gql(SETTLEMENTS, { entityId })).body.data.settlements),
    lines: async (batchId: string) => nodes((await gql(SETTLEMENT_LINES, { batchId })).body.data.settlementLines),
    async balances(entityId: string) {
      const b = (await gql(BALANCES, { entityId })).body.data.settlementEntity.balances;
      return { payable: b.payable.amountMinor, reserved: b.reserved.amountMinor, inTransit: b.inTransit.amountMinor, paidOut: b.paidOut.amountMinor };
    },
    /** A bill of `amount` split to the given entities, paid in full by the partner; returns the partner's answer. */
    async pay(amount: number, subaccounts: Array<{ entityId: string; percentage: number }>) {
      const bill = await createBill(t.server, key, { amountMinor: amount, currency: 'TZS', split: true, subaccounts });
      return deliverWebhook(t.server, partnerPayload(t.server, { amountKobo: amount, currency: 'TZS', metadata: { paymentRef: bill.paymentRef } }));
    },
    reconciliation: async (entityId: string) =>
      (await gql(RECONCILIATION, { entityId, from: '2020-01-01T00:00:00Z', to: '2040-01-01T00:00:00Z' })).body.data.settlementReconciliation,
  };
}
