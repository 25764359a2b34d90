// Fires due timers. Each is claimed with FOR UPDATE SKIP LOCKED inside the transaction that
// applies its event, so any number of processes can run this and each timer fires once —
// also a timer that fell due while every process was down, at the next start.
import { sql, type SqlBool } from 'kysely';
import type { CaseEvent } from '../engine/index.ts';
import type { Clock } from './clock.ts';
import { afterCommit, applyInTransaction, type FlowContext } from './events/index.ts';
import { BackgroundJob } from './background.ts';

export interface SchedulerRun {
  fired: number;
  refused: number;
}

export class Scheduler {
  #ctx: FlowContext;
  #clock: Clock;
  // one run at a time in a process; other processes are kept apart by SKIP LOCKED
  #job: BackgroundJob<SchedulerRun, [number]>;
  /** timers fired by this process since it started (metrics) */
  readonly totals: SchedulerRun = { fired: 0, refused: 0 };
  /** when a run last finished, by the clock (readiness) */
  lastRunAt: Date | null = null;
  /** how often it runs once started; null: only when runDue() is called */
  intervalMs: number | null = null;

  constructor(ctx: FlowContext, clock: Clock, log: (msg: string, err?: unknown) => void = () => {}) {
    this.#ctx = ctx;
    this.#clock = clock;
    this.#job = new BackgroundJob('scheduler', (max) => this.#run(max), log);
  }

  /** Fires every timer due by the clock's now, one transaction each; resolves when none is left. */
  runDue(max = 1000): Promise<SchedulerRun> {
    return this.#job.run(max);
  }

  async #run(max: number): Promise<SchedulerRun> {
    const out: SchedulerRun = { fired: 0, refused: 0 };
    for (let i = 0; i < max; i++) {
      const now = this.#clock.now();
      const outcome = await this.#ctx.db.transaction().execute(async (tx) => {
        const timer = await tx
          .selectFrom('timers')
          .select(['id', 'case_id', 'timer_id', 'event'])
          .where('fired_at', 'is', null)
          .where('cancelled_at', 'is', null)
          .where('due_at', '<=', now)
          .orderBy('due_at')
          .orderBy('id')
          .limit(1)
          .modifyEnd(sql`FOR UPDATE SKIP LOCKED`)
          .executeTakeFirst();
        if (!timer) return null;
        const result = await applyInTransaction(
          this.#ctx,
          tx,
          { caseId: timer.case_id, event: timer.event as CaseEvent, acting: { system: true } },
          now,
        );
        const outcome = result.ok ? 'fired' : `refused:${result.error.code}`;
        await tx
          .updateTable('timers')
          .set({ fired_at: now, outcome })
          .where('id', '=', timer.id as never)
          .where(sql<SqlBool>`fired_at IS NULL`)
          .execute();
        return result;
      });
      if (outcome === null) break;
      afterCommit(this.#ctx, outcome);
      out[outcome.ok ? 'fired' : 'refused']++;
      this.totals[outcome.ok ? 'fired' : 'refused']++;
    }
    this.lastRunAt = this.#clock.now();
    return out;
  }

  /** Runs now (timers that fell due while down) and then every `intervalMs`. */
  start(intervalMs: number): void {
    this.intervalMs = intervalMs;
    this.#job.start(intervalMs, 1000);
  }

  stop(): Promise<void> {
    this.intervalMs = null;
    return this.#job.stop();
  }
}
