import type { MikroORM } from '@mikro-orm/postgresql';
import { PgBoss } from 'pg-boss';
import type { Clock } from '../domain/clock.ts';
import { createDueBatches, type RunResult } from '../modules/settlements/settlement-run.ts';
import { ReserveHold, SettlementBatch } from '../modules/settlements/settlement.entities.ts';
import { releaseDueReserves, requeryBatch, submitBatch, type SettlementDeps } from '../modules/settlements/settlements.service.ts';
import { byTenant, platformJob, type PlatformJob } from '../modules/tenancy/job-context.ts';

const QUEUE = 'settlement-run';

export interface SettlementPassResult {
  released: number;
  run: RunResult;
  submitted: number;
  requeried: number;
}

/**
 * One settlement pass, for every business (safe to repeat, and to run in several processes: batch
 * creation takes one advisory lock and is once per entity and cut-off; every state change locks its
 * batch): releases due reserves, creates the batches due now (set-based, settlement-run.ts), submits
 * PENDING batches and re-queries UNKNOWN ones older than `requeryAfterMs` (a submission still on its
 * way must not be taken for a lost one), and SUBMITTED ones silent for `requerySubmittedAfterMs`
 * (a callback lost for good must not leave the money in transit forever).
 */
export async function runSettlementPass(
  platform: PlatformJob,
  deps: SettlementDeps,
  options: { requeryAfterMs?: number; requerySubmittedAfterMs?: number } = {},
): Promise<SettlementPassResult> {
  const now = platform.clock.now();
  let released = 0;
  const dueHolds = await platform.em
    .fork()
    .find(ReserveHold, { releasedAt: null, releaseAt: { $lte: now } }, { fields: ['id', 'business', 'mode'], limit: 5000 });
  for (const { job } of byTenant(
    platform,
    dueHolds.map((hold) => ({ businessId: hold.business.id, mode: hold.mode })),
  ))
    released += await releaseDueReserves(job);

  const run = await createDueBatches(platform.em.fork(), now, { trigger: 'SCHEDULED' });
  if (run.created.length) deps.eventsWritten?.();

  const requeryBefore = new Date(now.getTime() - (options.requeryAfterMs ?? 60_000));
  const silentSince = new Date(now.getTime() - (options.requerySubmittedAfterMs ?? 30 * 60_000));
  const open = await platform.em.fork().find(
    SettlementBatch,
    {
      $or: [{ status: 'PENDING' }, { status: 'UNKNOWN', updatedAt: { $lte: requeryBefore } }, { status: 'SUBMITTED', updatedAt: { $lte: silentSince } }],
    },
    { fields: ['id', 'business', 'mode', 'status'], orderBy: { id: 'asc' }, limit: 5000 },
  );
  let submitted = 0;
  let requeried = 0;
  for (const { job, rows } of byTenant(
    platform,
    open.map((batch) => ({ businessId: batch.business.id, mode: batch.mode, id: batch.id, status: batch.status })),
  )) {
    for (const batch of rows) {
      if (batch.status === 'PENDING') {
        if (await submitBatch(job, deps, batch.id)) submitted++;
      } else {
        await requeryBatch(job, deps, batch.id);
        requeried++;
      }
    }
  }
  return { released, run, submitted, requeried };
}

export interface SettlementJobs {
  stop(): Promise<void>;
}

/**
 * The settlement pass on pg-boss's cron (`cron`, UTC): due batches appear at their cut-off with no
 * traffic at all, from whichever process's cron monitor fires first (pg-boss sends one job per
 * occurrence across processes).
 */
export async function startSettlementJobs(deps: {
  orm: MikroORM;
  clock: Clock;
  settlements: SettlementDeps;
  cron: string;
  /** How often pg-boss checks its schedules and polls for the job (seconds; tests make these short). */
  pollSeconds?: number;
}): Promise<SettlementJobs> {
  const poll = deps.pollSeconds ?? 30;
  const boss = new PgBoss({
    connectionString: deps.orm.config.get('clientUrl')!,
    max: 2,
    schedule: true,
    cronMonitorIntervalSeconds: Math.min(poll, 45),
    cronWorkerIntervalSeconds: Math.min(poll, 45),
  });
  boss.on('error', (error) => console.error('[settlement-jobs]', error));
  await boss.start();
  if (!(await boss.getQueue(QUEUE))) {
    // One pass at a time across processes; a missed occurrence is made up by the next pass.
    await boss.createQueue(QUEUE, { policy: 'singleton', retryLimit: 0, expireInSeconds: 15 * 60 }).catch(async (error) => {
      if (!(await boss.getQueue(QUEUE))) throw error;
    });
  }
  await boss.schedule(QUEUE, deps.cron, {}, { tz: 'UTC' });
  await boss.work(QUEUE, { pollingIntervalSeconds: Math.max(0.5, Math.min(poll, 45)) }, async () => {
    await runSettlementPass(platformJob(deps.orm.em.fork(), deps.clock), deps.settlements);
  });
  return {
    async stop() {
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
}
