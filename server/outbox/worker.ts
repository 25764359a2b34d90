// Runs automated steps from the outbox: claim a call due (SKIP LOCKED: any number of processes),
// run it with a timeout, and record what came of it in one transaction that holds the case and
// the call — the result as one event of the case, or the next attempt's time (exponential
// backoff with jitter), or after the last attempt the step's onError, else an incident. A call
// cancelled or claimed again meanwhile records nothing: its completion is recorded once.
// A call of no case (an official's e-mail digest, digest.ts) is retried the same way; done, it is
// only marked so; failed after its last attempt, it is marked `failed`, audited (`digest.failed`)
// and logged — not an incident, which is a case's step waiting for an administrator.
import { createHash } from 'node:crypto';
import { SERVICE_DONE_PREFIX, SERVICE_ERROR_PREFIX, ServiceErrorCode, fillTemplate, serviceError, type CaseEvent } from '../../engine/index.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { afterCommit, applyInTransaction, type FlowContext } from '../events/index.ts';
import { appendAudit } from '../stores/audit.ts';
import { BackgroundJob } from '../background.ts';
import { CallStatus, claimCall, lockClaimed, type OutboxRow } from './store.ts';
import { builtInRunners } from './runners.ts';
import type { AutomationSettings, ServiceCall, ServiceOutcome, ServiceRunner } from './types.ts';

type Db = Kysely<Database>;

/** What became of one attempt (metrics' `result` label). */
export const AttemptResult = { Done: 'done', Retry: 'retry', Failed: 'failed', Incident: 'incident', Stale: 'stale' } as const;
export type AttemptResult = (typeof AttemptResult)[keyof typeof AttemptResult];

/** The delay before attempt `attempt + 1`: base·2^(attempt−1), of which a random half (equal jitter). */
export function backoffMs(base: number, attempt: number, random = Math.random): number {
  const full = base * 2 ** Math.max(0, attempt - 1);
  return Math.round(full / 2 + (random() * full) / 2);
}

export class ServiceWorker {
  #ctx: FlowContext;
  #clock: Clock;
  #settings: AutomationSettings;
  #runners: Record<string, ServiceRunner>;
  #job: BackgroundJob<number, [number]>;
  #log: (msg: string, err?: unknown) => void;
  /** attempts made by this process, by `service\tresult` (metrics) */
  readonly totals = new Map<string, number>();

  constructor(ctx: FlowContext, clock: Clock, settings: AutomationSettings, log: (msg: string, err?: unknown) => void = () => {}) {
    this.#ctx = ctx;
    this.#clock = clock;
    this.#settings = settings;
    this.#log = log;
    this.#runners = { ...builtInRunners(settings, ctx.db), ...(settings.runners ?? {}) };
    this.#job = new BackgroundJob('automated steps', (max) => this.#run(max), log);
  }

  /** Runs every call due by the clock's now, one after another; resolves with how many attempts were made. */
  runDue(max = 100): Promise<number> {
    return this.#job.run(max);
  }

  /** A call was just written: run it soon, not at the next tick. */
  kick(): void {
    if (this.#settings.intervalMs === null) return;
    this.runDue().catch((err) => this.#log('automated steps: a run failed; the next tick retries', err));
  }

  start(): void {
    if (this.#settings.intervalMs !== null) this.#job.start(this.#settings.intervalMs, 100);
  }

  stop(): Promise<void> {
    return this.#job.stop();
  }

  async #run(max: number): Promise<number> {
    let made = 0;
    for (; made < max; made++) {
      const row = await claimCall(this.#ctx.db, this.#clock.now(), this.#settings.timeoutMs * 2);
      if (!row) break;
      const outcome = await this.#attempt(row);
      const result = row.case_id === null ? await this.#recordWithoutCase(row, outcome) : await this.#record({ ...row, case_id: row.case_id }, outcome);
      const key = `${row.service}\t${result}`;
      this.totals.set(key, (this.totals.get(key) ?? 0) + 1);
    }
    return made;
  }

  async #attempt(row: OutboxRow): Promise<ServiceOutcome> {
    const runner = this.#runners[row.service];
    if (!runner) return { ok: false, error: serviceError(ServiceErrorCode.UnknownService, `no runner for the service "${row.service}"`, { service: row.service }), retry: false };
    if (row.case_id === null) {
      // a digest: its input was written whole when it was queued (digest.ts), nothing to fill in
      const call: ServiceCall = { id: row.id, service: row.service, input: row.input as Record<string, unknown>, attempt: row.attempts, invoke: row.invoke_id, case: null, event: row.cause as ServiceCall['event'], now: this.#clock.now() };
      return this.#withTimeout(runner, call);
    }
    const kase = await this.#ctx.db
      .selectFrom('cases')
      .select(['id', 'number', 'procedure_key', 'procedure_version', 'state', 'data'])
      .where('id', '=', row.case_id)
      .executeTakeFirstOrThrow();
    const caseInfo = { id: kase.id, number: kase.number, procedure: kase.procedure_key, version: kase.procedure_version, state: kase.state, data: kase.data as Record<string, unknown> };
    const call: ServiceCall = {
      id: row.id,
      service: row.service,
      input: fillTemplate(row.input as Record<string, unknown>, { case: { id: kase.id, number: kase.number }, data: caseInfo.data }),
      attempt: row.attempts,
      invoke: row.invoke_id,
      case: caseInfo,
      event: row.cause as ServiceCall['event'],
      now: this.#clock.now(),
    };
    return this.#withTimeout(runner, call);
  }

  /** One attempt, given up after the timeout. */
  async #withTimeout(runner: ServiceRunner, call: ServiceCall): Promise<ServiceOutcome> {
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ServiceOutcome>((resolve) => {
      timer = setTimeout(() => {
        abort.abort();
        resolve({ ok: false, error: serviceError(ServiceErrorCode.Timeout, `no answer within ${this.#settings.timeoutMs} ms`, { ms: this.#settings.timeoutMs }), retry: true });
      }, this.#settings.timeoutMs);
    });
    try {
      return await Promise.race([
        runner(call, abort.signal).catch((err: unknown): ServiceOutcome => ({ ok: false, error: serviceError(ServiceErrorCode.Failed, err instanceof Error ? err.message : String(err)), retry: true })),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #record(row: OutboxRow & { case_id: string }, outcome: ServiceOutcome): Promise<AttemptResult> {
    const ctx = this.#ctx;
    const now = this.#clock.now();
    const done = await ctx.db.transaction().execute(async (tx) => {
      // the case before the call, as every event locks them: no deadlock with a user's event
      await tx.selectFrom('cases').select('id').where('id', '=', row.case_id).forUpdate().executeTakeFirst();
      const call = await lockClaimed(tx, row.id, row.claim!);
      if (!call) return { result: AttemptResult.Stale, sent: null };
      const detail = { call: row.id, service: row.service, invoke: row.invoke_id, attempt: call.attempts };
      if (outcome.ok) {
        const result = { ...outcome.result };
        if (outcome.attachment) result.attachment = await attach(tx, row, outcome.attachment, now);
        // closed before the event, whose leaving the state would otherwise cancel it
        await finish(tx, row.id, CallStatus.Done, now, { result: JSON.stringify(result), last_error: null });
        const sent = await this.#event(tx, row, { type: SERVICE_DONE_PREFIX + row.invoke_id, data: { service: row.service, call: row.id, attempts: call.attempts, result } }, now);
        await appendAudit(tx, { at: now, actorId: 'system', action: 'service.done', caseId: row.case_id, detail });
        return { result: AttemptResult.Done, sent };
      }
      const error = outcome.error;
      const stored = JSON.stringify(error);
      if (outcome.retry && call.attempts < this.#settings.attempts) {
        const retryAt = await this.#retryLater(tx, row.id, call.attempts, stored, now);
        await appendAudit(tx, { at: now, actorId: 'system', action: 'service.failed', caseId: row.case_id, detail: { ...detail, error, retryAt: retryAt.toISOString() } });
        return { result: AttemptResult.Retry, sent: null };
      }
      if (row.handles_error) {
        await finish(tx, row.id, CallStatus.Failed, now, { last_error: stored });
        const sent = await this.#event(tx, row, { type: SERVICE_ERROR_PREFIX + row.invoke_id, data: { service: row.service, call: row.id, attempts: call.attempts, error } }, now);
        await appendAudit(tx, { at: now, actorId: 'system', action: 'service.error', caseId: row.case_id, detail: { ...detail, error } });
        return { result: AttemptResult.Failed, sent };
      }
      await tx.updateTable('outbox').set({ status: CallStatus.Incident, finished_at: now, lease_until: null, claim: null, last_error: stored }).where('id', '=', row.id).execute();
      await appendAudit(tx, { at: now, actorId: 'system', action: 'service.incident', caseId: row.case_id, detail: { ...detail, error } });
      return { result: AttemptResult.Incident, sent: null };
    });
    if (done.sent) afterCommit(ctx, done.sent);
    else ctx.feed?.cases([row.case_id]);
    ctx.chainer?.kick();
    return done.result;
  }

  async #retryLater(tx: Db, id: string, attempts: number, error: string, now: Date): Promise<Date> {
    const retryAt = new Date(now.getTime() + backoffMs(this.#settings.retryBaseMs, attempts));
    await tx.updateTable('outbox').set({ status: CallStatus.Pending, next_at: retryAt, lease_until: null, claim: null, last_error: error }).where('id', '=', id).execute();
    return retryAt;
  }

  /** What came of a call of no case (a digest): the call's row and the audit log say it, nothing else does. */
  async #recordWithoutCase(row: OutboxRow, outcome: ServiceOutcome): Promise<AttemptResult> {
    const now = this.#clock.now();
    const userId = (row.cause as { userId?: string }).userId ?? null;
    const result = await this.#ctx.db.transaction().execute(async (tx) => {
      const call = await lockClaimed(tx, row.id, row.claim!);
      if (!call) return AttemptResult.Stale;
      const detail = { call: row.id, service: row.service, userId, attempt: call.attempts };
      if (outcome.ok) {
        await finish(tx, row.id, CallStatus.Done, now, { result: JSON.stringify(outcome.result), last_error: null });
        await appendAudit(tx, { at: now, actorId: 'system', action: 'digest.sent', caseId: null, detail });
        return AttemptResult.Done;
      }
      const error = outcome.error;
      const stored = JSON.stringify(error);
      if (outcome.retry && call.attempts < this.#settings.attempts) {
        const retryAt = await this.#retryLater(tx, row.id, call.attempts, stored, now);
        await appendAudit(tx, { at: now, actorId: 'system', action: 'service.failed', caseId: null, detail: { ...detail, error, retryAt: retryAt.toISOString() } });
        return AttemptResult.Retry;
      }
      await finish(tx, row.id, CallStatus.Failed, now, { last_error: stored });
      await appendAudit(tx, { at: now, actorId: 'system', action: 'digest.failed', caseId: null, detail: { ...detail, error } });
      return AttemptResult.Failed;
    });
    if (result === AttemptResult.Failed) this.#log(`e-mail digest ${row.id} (user ${userId}) not sent after ${this.#settings.attempts} attempts: ${outcome.ok ? '' : `${outcome.error.code} ${outcome.error.detail}`}`);
    this.#ctx.chainer?.kick();
    return result;
  }

  /** Records the step's result as one event of the case; a refusal (the case moved on) is noted on the call. */
  async #event(tx: Db, row: OutboxRow & { case_id: string }, event: CaseEvent, now: Date) {
    const sent = await applyInTransaction(this.#ctx, tx, { caseId: row.case_id, event, acting: { system: true } }, now);
    if (!sent.ok) this.#log(`automated step ${row.service} of case ${row.case_id}: its result was refused (${sent.error.code})`);
    return sent;
  }
}

async function finish(tx: Db, id: string, status: CallStatus, now: Date, set: { result?: string; last_error: string | null }) {
  await tx.updateTable('outbox').set({ status, finished_at: now, lease_until: null, claim: null, ...set }).where('id', '=', id).execute();
}

/** A file a step made, attached to the case (its id is the call's: made once). */
async function attach(tx: Db, row: OutboxRow & { case_id: string }, file: { filename: string; contentType: string; content: Buffer }, now: Date): Promise<string> {
  await tx
    .insertInto('attachments')
    .values({
      id: row.id,
      case_id: row.case_id,
      filename: file.filename,
      content_type: file.contentType,
      size: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      content: file.content,
      uploaded_by: 'system',
      uploaded_at: now,
    })
    .execute();
  return row.id;
}
