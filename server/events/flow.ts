// How an event flows (DESIGN.md), as sendEvent does it once the route has validated the request:
// 1. read the case: the row this process last wrote (case-cache.ts), else the database, batched
//    with the other reads of the same turn of the event loop (read-case.ts);
// 2. ask the engine (planEvent): expectedVersion (409), then applyEvent; a refusal first looks for
//    the first answer to the same Idempotency-Key (idempotency.ts);
// 3. write (write-event.ts): one statement updates the case where its version is still the one read
//    and the session still live, appends the event and its audit row, and commits on its own;
//    timers, notifications and attachments make it a transaction with their statements after it.
//    No lock is held from the read to the write: a lost race reads again, and the third attempt
//    holds the case's row lock in a transaction (applyInTransaction, which timers use too);
// 4. after the commit (committed): the audit row is chained (chain-audit.ts), the change is sent by
//    NOTIFY (notify.ts), and every process's LiveHub (../live.ts) pushes it to its subscribers.
// openCase and migrate-cases.ts change cases in one transaction of their own, with the same helpers.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  applyEvent,
  availableActions,
  eventForm,
  namedFiles,
  OPEN_EVENT,
  startCase,
  SYSTEM_ACTOR,
  type Actor,
  type CaseEvent,
  type CaseState,
  type StepResult,
} from '../../engine/index.ts';
import type { Database } from '../db/schema.ts';
import { qtError, QtError } from '../errors.ts';
import { appendAudit } from '../stores/audit.ts';
import { caseColumns, caseValues, caseView, loadCase, nextCaseNumber, searchFieldsChanged, entryListChanges, type CaseRowJoined, type CaseView } from '../stores/cases.ts';
import { priorAnswer, requestHash } from './idempotency.ts';
import type { ProcedureCache } from '../stores/procedures.ts';
import { insertNotifications } from '../stores/notifications.ts';
import { applyServiceEffects } from '../outbox/store.ts';
import type { SessionUser } from '../access.ts';
import type { AuditChainer } from './chain-audit.ts';
import type { ChangeFeed } from './notify.ts';
import { rowWeight, type CaseCache } from './case-cache.ts';
import { answerDataSize } from './encode-data.ts';
import type { CaseReader } from './read-case.ts';
import { appendEvent, applyTimerEffects, attachmentIds, hasEffects, linkAttachments, notificationsOf, writeEvent, type EventPlan, type EventWriter, type SessionGuard, type WriteResult } from './write-event.ts';

type Db = Kysely<Database>;

export interface FlowContext {
  db: Db;
  procedures: ProcedureCache;
  /** chains audit rows after their commit (absent: rows wait for the next chaining) */
  chainer?: AuditChainer;
  /** tells the live subscribers of every process, after the commit (absent: nobody is told) */
  feed?: ChangeFeed;
  /** cases as this process last wrote them (absent: every event reads its case) */
  cases?: CaseCache;
  /** writes concurrent events together (absent: one statement per event) */
  writer?: EventWriter;
  /** reads concurrent events' cases together (absent: one statement per case) */
  reader?: CaseReader;
  /** told after a commit that wrote calls of automated steps (absent: they wait for the next run) */
  calls?: { kick(): void };
}

const startsCalls = (effects: { type: string }[]) => effects.some((e) => e.type === 'service.call');

/** After a commit: the chain and the live subscribers learn of it. */
function committed(ctx: FlowContext, caseIds: string[], notificationIds: string[] = []) {
  ctx.chainer?.kick();
  ctx.feed?.cases(caseIds);
  if (notificationIds.length) ctx.feed?.notifications(notificationIds);
}

/** Who acts: a signed-in user, or the system for timers. */
export type Acting = { user: SessionUser } | { system: true };

function actorOf(acting: Acting): Actor {
  return 'user' in acting ? { id: acting.user.id, roles: acting.user.roles, unitId: acting.user.unitId } : SYSTEM_ACTOR;
}

function rejectionError(result: Extract<StepResult, { ok: false }>): QtError {
  return qtError(result.rejection.code, { messages: result.rejection.message, details: result.rejection.details });
}

/** Opens a case on the latest published version of a procedure. */
export async function openCase(
  ctx: FlowContext,
  user: SessionUser,
  procedureKey: string,
  data: Record<string, unknown>,
  now: Date,
  requestId?: string,
): Promise<CaseView> {
  const view = await ctx.db.transaction().execute(async (tx) => {
    const version = await ctx.procedures.latest(tx, procedureKey);
    if (!version) {
      const exists = await tx.selectFrom('procedures').select('key').where('key', '=', procedureKey).executeTakeFirst();
      throw qtError(exists ? 'QT_PROCEDURE_NOT_PUBLISHED' : 'QT_NOT_FOUND');
    }
    const procedure = version.procedure;
    const actor = actorOf({ user });
    const result = startCase(procedure, data, actor, now);
    if (!result.ok) throw rejectionError(result);

    const id = randomUUID();
    const number = await nextCaseNumber(tx, procedureKey, now);
    const { summary, columns } = caseColumns(procedure, result.state);
    const actorJson = JSON.stringify({ id: user.id, roles: user.roles, unitId: user.unitId });
    await tx
      .insertInto('cases')
      .values({
        id,
        number,
        procedure_key: procedureKey,
        procedure_version: version.version,
        ...columns,
        unit_id: user.unitId,
        opened_by: user.id,
        opened_at: now,
        updated_at: now,
        version: 1,
        last_seq: 0,
      })
      .execute();
    const seq = await appendEvent(tx, {
      case_id: id, case_seq: 1, type: OPEN_EVENT, data: JSON.stringify(data),
      actor_id: user.id, actor: actorJson, at: now, from_state: '', to_state: summary.state, outcomes: result.outcomes,
    });
    await tx.updateTable('cases').set({ last_seq: seq }).where('id', '=', id).execute();
    await linkAttachments(tx, id, [...attachmentIds(data)], user.id, namedFiles(procedure.start.form, data));
    await applyTimerEffects(tx, id, result.effects, now);
    await applyServiceEffects(tx, id, result.effects, { type: OPEN_EVENT }, user.id, now);
    const notificationIds = await insertNotifications(tx, id, result.effects, now, user.id);
    await appendAudit(tx, {
      at: now,
      actorId: user.id,
      action: 'case.opened',
      caseId: id,
      requestId,
      detail: { number, procedure: procedureKey, version: version.version, state: summary.state },
    });
    const row = (await loadCase(tx, id))!;
    return { view: { ...caseView(row, procedure), actions: availableActions(procedure, result.state, actor) }, notificationIds, calls: startsCalls(result.effects) };
  });
  committed(ctx, [view.view.id], view.notificationIds);
  if (view.calls) ctx.calls?.kick();
  return view.view;
}

export interface SendEvent {
  caseId: string;
  event: CaseEvent;
  acting: Acting;
  expectedVersion?: number;
  idempotencyKey?: string;
  /** the request it came with (x-request-id), written into its audit row */
  requestId?: string;
}

export type SendResult =
  | { ok: true; case: CaseView; replayed: boolean; notificationIds?: string[]; /** it started automated steps */ calls?: boolean }
  | { ok: false; error: QtError };

/** How a user's request is checked against the database in the same statement that writes. */
export interface SendOptions {
  /** the case is visible to the acting user (else: not found) */
  canRead?: (row: CaseRowJoined) => boolean;
  /** write only while this session is live and its user unchanged (see SessionChanged) */
  session?: SessionGuard;
}

/** The session ended, or its user was changed, between authentication and the write. */
export class SessionChanged extends Error {}

/** What the engine says to the event on this row: the writes and the answer, or the refusal. */
export async function planEvent(ctx: FlowContext, db: Db, row: CaseRowJoined, req: SendEvent, now: Date): Promise<{ ok: true; plan: EventPlan } | { ok: false; error: QtError }> {
  if (req.expectedVersion !== undefined && req.expectedVersion !== row.version) {
    return {
      ok: false,
      error: qtError('QT_CASE_VERSION_CONFLICT', { details: [{ expectedVersion: req.expectedVersion, currentVersion: row.version }] }),
    };
  }
  const version = await ctx.procedures.get(db, row.procedure_key, row.procedure_version);
  if (!version) return { ok: false, error: qtError('QT_INTERNAL') };
  const procedure = version.procedure;
  const actor = actorOf(req.acting);
  const snapshot = row.snapshot as CaseState;
  const result = applyEvent(procedure, snapshot, req.event, actor, now);
  if (!result.ok) return { ok: false, error: rejectionError(result) };

  const { summary, values } = caseValues(procedure, result.state);
  const nextVersion = row.version + 1;
  const after: CaseRowJoined = { ...row, ...values, updated_at: now, version: nextVersion };
  const view: CaseView = { ...caseView(after, procedure), actions: availableActions(procedure, result.state, actor) };
  const userId = 'user' in req.acting ? actor.id : null;
  return {
    ok: true,
    plan: {
      caseId: row.id,
      fromVersion: row.version,
      fromState: row.state,
      fromData: row.data,
      values,
      event: req.event,
      outcomes: result.outcomes,
      actor,
      idempotencyKey: req.idempotencyKey ?? null,
      requestHash: req.idempotencyKey ? requestHash(req.event, req.expectedVersion) : null,
      view,
      after,
      searchChanged: searchFieldsChanged(row.data, values.data),
      threadChanges: entryListChanges(row.data, values.data),
      effects: result.effects,
      notifications: notificationsOf(result.effects),
      attachmentIds: userId ? [...attachmentIds(req.event.data)] : [],
      files: userId ? namedFiles(eventForm(procedure, snapshot, req.event.type), req.event.data) : [],
      auditDetail: { type: req.event.type, from: row.state, to: summary.state, version: nextVersion },
      requestId: req.requestId ?? null,
    },
  };
}

/**
 * Applies one event inside the caller's transaction, the case row locked (timers, and events
 * that lost the optimistic race twice). Returns the engine's refusal instead of throwing, so the
 * scheduler can record it against its timer; the caller calls `afterCommit` with the result once
 * its transaction has committed.
 */
export async function applyInTransaction(ctx: FlowContext, tx: Db, req: SendEvent, now: Date, opts: SendOptions = {}): Promise<SendResult> {
  const row = await loadCase(tx, req.caseId, true);
  if (!row || (opts.canRead && !opts.canRead(row))) return { ok: false, error: qtError('QT_NOT_FOUND') };
  const prior = await priorAnswer(tx, ctx.procedures, req);
  if (prior) return prior;
  const planned = await planEvent(ctx, tx, row, req, now);
  if (!planned.ok) return planned;
  const written = await writeEvent(tx, planned.plan, now, opts.session);
  // the row is locked: only the session can stop the write
  if (!written.written) throw new SessionChanged();
  return { ok: true, case: planned.plan.view, replayed: false, notificationIds: written.notificationIds, calls: startsCalls(planned.plan.effects) };
}

/** What applyInTransaction's caller does after its commit. */
export function afterCommit(ctx: FlowContext, result: SendResult) {
  if (!result.ok || result.replayed) return;
  ctx.cases?.delete(result.case.id);
  committed(ctx, [result.case.id], result.notificationIds);
  if (result.calls) ctx.calls?.kick();
}

/**
 * A user's event, in the fewest round trips: read the case, ask the engine, write everything
 * in one statement that holds only if the case is still at the version read (optimistic; a
 * concurrent writer makes it read again) and, when given, the session is still live.
 */
export async function sendEvent(ctx: FlowContext, req: SendEvent, now: Date, opts: SendOptions = {}): Promise<CaseView> {
  for (let attempt = 0; ; attempt++) {
    // Others keep getting there first (many writers on one case): queue on the case's row lock.
    if (attempt === 2) return sendLocked(ctx, req, now, opts);
    const cached = attempt === 0 ? ctx.cases?.get(req.caseId) : undefined;
    const row = cached ?? (await (ctx.reader ? ctx.reader.read(req.caseId) : loadCase(ctx.db, req.caseId)));
    const readable = row && (!opts.canRead || opts.canRead(row));
    const planned = readable ? await planEvent(ctx, ctx.db, row, req, now) : null;
    if (cached && !planned?.ok) {
      // judged on what this process wrote last: judge again on the case as it is now
      ctx.cases!.delete(req.caseId);
      continue;
    }
    if (!readable || !planned) throw qtError('QT_NOT_FOUND');
    if (!planned.ok) {
      // A repeated request finds the case moved on: it gets its first answer, not a refusal.
      const prior = await priorAnswer(ctx.db, ctx.procedures, req);
      if (prior) return answer(prior);
      throw planned.error;
    }
    let written: WriteResult;
    try {
      written =
        ctx.writer && !hasEffects(planned.plan)
          ? await ctx.writer.write(planned.plan, now, opts.session)
          : await writeEvent(ctx.db, planned.plan, now, opts.session);
    } catch (err) {
      // Two requests with one Idempotency-Key raced: the loser answers with the winner's answer.
      if (req.idempotencyKey && isUniqueViolation(err, 'case_events_idempotency_uq')) {
        const prior = await priorAnswer(ctx.db, ctx.procedures, req);
        if (prior) return answer(prior);
      }
      throw err;
    }
    if (written.written) {
      // the plan's own row, made for the cache: completed in place, not copied again
      planned.plan.after.last_seq = written.seq!;
      ctx.cases?.set(planned.plan.after, rowWeight(answerDataSize(planned.plan.view)));
      committed(ctx, [req.caseId], written.notificationIds);
      if (startsCalls(planned.plan.effects)) ctx.calls?.kick();
      return planned.plan.view;
    }
    ctx.cases?.delete(req.caseId);
    if (!written.sessionLive) throw new SessionChanged();
    // Another writer got there first: read again (with an expectedVersion that read answers 409).
  }
}

/** The same in a transaction holding the case's row lock from the read to the commit. */
async function sendLocked(ctx: FlowContext, req: SendEvent, now: Date, opts: SendOptions): Promise<CaseView> {
  const result = await ctx.db
    .transaction()
    .execute((tx) => applyInTransaction(ctx, tx, req, now, opts))
    .catch(async (err) => {
      // Two requests with one Idempotency-Key raced: the loser answers with the winner's answer.
      const prior = req.idempotencyKey && isUniqueViolation(err, 'case_events_idempotency_uq') ? await priorAnswer(ctx.db, ctx.procedures, req) : null;
      if (prior) return prior;
      throw err;
    });
  afterCommit(ctx, result);
  return answer(result);
}

function answer(r: SendResult): CaseView {
  if (!r.ok) throw r.error;
  return r.case;
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e?.code === '23505' && (e.constraint === constraint || String(e.message).includes(constraint));
}
