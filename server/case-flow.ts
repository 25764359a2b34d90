// The one path every change of a case takes (DESIGN.md "How an event flows", step 3): in one
// transaction read the case and its procedure version, ask the engine, append the event,
// update the case where its version still matches, write and cancel timers, write the audit
// row and NOTIFY. Users' events and timers' events both come through here.
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  applyEvent,
  availableActions,
  OPEN_EVENT,
  startCase,
  summarize,
  SYSTEM_ACTOR,
  type Actor,
  type CaseEvent,
  type CaseState,
  type Effect,
  type Procedure,
  type StepResult,
} from '../engine/index.ts';
import type { Database } from './db/schema.ts';
import { qtError, QtError } from './errors.ts';
import { appendAudit, canonicalJson } from './stores/audit.ts';
import { caseView, cleanAssignee, loadCase, nextCaseNumber, workRoles, type CaseView } from './stores/cases.ts';
import { latestVersion, type ProcedureCache } from './stores/procedures.ts';
import { insertNotifications } from './stores/notifications.ts';
import type { SessionUser } from './access.ts';

type Db = Kysely<Database>;

export const CASES_CHANNEL = 'quytrinh_cases';

export interface FlowContext {
  db: Db;
  procedures: ProcedureCache;
}

/** Who acts: a signed-in user, or the system for timers. */
export type Acting = { user: SessionUser } | { system: true };

function actorOf(acting: Acting): Actor {
  return 'user' in acting ? { id: acting.user.id, roles: acting.user.roles, unitId: acting.user.unitId } : SYSTEM_ACTOR;
}

function rejectionError(result: Extract<StepResult, { ok: false }>): QtError {
  return qtError(result.rejection.code, { messages: result.rejection.message, details: result.rejection.details });
}

/** Every string in the data that names an uploaded file: candidates to link to the case. */
function attachmentIds(data: unknown, out: Set<string> = new Set()): Set<string> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (typeof data === 'string') {
    if (uuid.test(data)) out.add(data);
  } else if (Array.isArray(data)) data.forEach((d) => attachmentIds(d, out));
  else if (data && typeof data === 'object') Object.values(data).forEach((d) => attachmentIds(d, out));
  return out;
}

async function linkAttachments(tx: Db, caseId: string, data: unknown, userId: string) {
  const ids = [...attachmentIds(data)];
  if (!ids.length || userId === SYSTEM_ACTOR.id) return;
  await tx
    .updateTable('attachments')
    .set({ case_id: caseId })
    .where('id', 'in', ids)
    .where('case_id', 'is', null)
    .where('uploaded_by', '=', userId)
    .execute();
}

/** Carries out the engine's timer effects as rows of `timers`. */
export async function applyTimerEffects(tx: Db, caseId: string, effects: Effect[], now: Date) {
  for (const e of effects) {
    if (e.type !== 'timer.set' && e.type !== 'timer.cancel') continue;
    await tx
      .updateTable('timers')
      .set({ cancelled_at: now, outcome: 'cancelled' })
      .where('case_id', '=', caseId)
      .where('timer_id', '=', e.id)
      .where('fired_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    if (e.type === 'timer.set') {
      await tx
        .insertInto('timers')
        .values({ case_id: caseId, timer_id: e.id, event: JSON.stringify(e.event), due_at: new Date(e.dueAt), created_at: now })
        .execute();
    }
  }
}

export function caseColumns(procedure: Procedure, state: CaseState) {
  const s = summarize(procedure, state);
  const data = state.context?.data ?? {};
  const assignee = cleanAssignee(state.context?.assignee);
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    summary: s,
    columns: {
      snapshot: JSON.stringify(state),
      state: s.state,
      state_title: JSON.stringify(s.title),
      status: s.status,
      work_roles: s.status === 'active' ? workRoles(procedure, s.paths ?? s.state.split(',')) : [],
      data: JSON.stringify(data),
      category: str(data.category),
      platform: str(data.platform),
      assignee: assignee ? JSON.stringify(assignee) : null,
      assignee_user_id: assignee?.userId ?? null,
      assignee_unit_id: assignee?.unitId ?? null,
      due_at: s.dueAt ? new Date(s.dueAt) : null,
      overdue: s.overdue,
    },
  };
}

function requestHash(event: CaseEvent, expectedVersion: number | undefined): string {
  return createHash('sha256').update(canonicalJson({ type: event.type, data: event.data ?? {}, expectedVersion: expectedVersion ?? null })).digest('hex');
}

export async function notify(tx: Db, caseId: string) {
  await sql`SELECT pg_notify(${CASES_CHANNEL}, ${caseId})`.execute(tx);
}

/** Opens a case on the latest published version of a procedure. */
export async function openCase(
  ctx: FlowContext,
  user: SessionUser,
  procedureKey: string,
  data: Record<string, unknown>,
  now: Date,
): Promise<CaseView> {
  return ctx.db.transaction().execute(async (tx) => {
    const version = await latestVersion(tx, procedureKey);
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
    const ev = await tx
      .insertInto('case_events')
      .values({
        case_id: id,
        case_seq: 1,
        type: OPEN_EVENT,
        data: JSON.stringify(data),
        actor_id: user.id,
        actor: actorJson,
        at: now,
        from_state: '',
        to_state: summary.state,
        idempotency_key: null,
        request_hash: null,
        response: null,
      })
      .returning('seq')
      .executeTakeFirstOrThrow();
    await tx.updateTable('cases').set({ last_seq: Number(ev.seq) }).where('id', '=', id).execute();
    await linkAttachments(tx, id, data, user.id);
    await applyTimerEffects(tx, id, result.effects, now);
    await insertNotifications(tx, id, result.effects, now);
    await appendAudit(tx, {
      at: now,
      actorId: user.id,
      action: 'case.opened',
      caseId: id,
      detail: { number, procedure: procedureKey, version: version.version, state: summary.state },
    });
    await notify(tx, id);
    const row = (await loadCase(tx, id))!;
    return { ...caseView(row, procedure.title), actions: availableActions(procedure, result.state, actor) };
  });
}

export interface SendEvent {
  caseId: string;
  event: CaseEvent;
  acting: Acting;
  expectedVersion?: number;
  idempotencyKey?: string;
}

export type SendResult =
  | { ok: true; case: CaseView; replayed: boolean }
  | { ok: false; error: QtError };

/**
 * Applies one event inside the given transaction. Returns the engine's refusal instead of
 * throwing, so the scheduler can record it against its timer in the same transaction.
 */
export async function applyInTransaction(ctx: FlowContext, tx: Db, req: SendEvent, now: Date): Promise<SendResult> {
  const row = await loadCase(tx, req.caseId, true);
  if (!row) return { ok: false, error: qtError('QT_NOT_FOUND') };
  const hash = req.idempotencyKey ? requestHash(req.event, req.expectedVersion) : null;

  if (req.idempotencyKey) {
    const prior = await tx
      .selectFrom('case_events')
      .select(['request_hash', 'response'])
      .where('case_id', '=', req.caseId)
      .where('idempotency_key', '=', req.idempotencyKey)
      .executeTakeFirst();
    if (prior) {
      if (prior.request_hash !== hash) return { ok: false, error: qtError('QT_IDEMPOTENCY_KEY_REUSED') };
      return { ok: true, case: prior.response as CaseView, replayed: true };
    }
  }
  if (req.expectedVersion !== undefined && req.expectedVersion !== row.version) {
    return {
      ok: false,
      error: qtError('QT_CASE_VERSION_CONFLICT', { details: [{ expectedVersion: req.expectedVersion, currentVersion: row.version }] }),
    };
  }

  const version = await ctx.procedures.get(tx, row.procedure_key, row.procedure_version);
  if (!version) return { ok: false, error: qtError('QT_INTERNAL') };
  const procedure = version.procedure;
  const actor = actorOf(req.acting);
  const state = row.snapshot as CaseState;
  const result = applyEvent(procedure, state, req.event, actor, now);
  if (!result.ok) return { ok: false, error: rejectionError(result) };

  const { summary, columns } = caseColumns(procedure, result.state);
  const nextVersion = row.version + 1;
  const view: CaseView = {
    ...caseView({ ...row, ...parsedColumns(columns), updated_at: now, version: nextVersion }, procedure.title),
    actions: availableActions(procedure, result.state, actor),
  };
  const ev = await tx
    .insertInto('case_events')
    .values({
      case_id: row.id,
      case_seq: nextVersion,
      type: req.event.type,
      data: JSON.stringify(req.event.data ?? {}),
      actor_id: actor.id,
      actor: JSON.stringify(actor),
      at: now,
      from_state: row.state,
      to_state: summary.state,
      idempotency_key: req.idempotencyKey ?? null,
      request_hash: hash,
      response: req.idempotencyKey ? JSON.stringify(view) : null,
    })
    .returning('seq')
    .executeTakeFirstOrThrow();
  const updated = await tx
    .updateTable('cases')
    .set({ ...columns, updated_at: now, version: nextVersion, last_seq: Number(ev.seq) })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw qtError('QT_CASE_VERSION_CONFLICT');

  if ('user' in req.acting) await linkAttachments(tx, row.id, req.event.data, actor.id);
  await applyTimerEffects(tx, row.id, result.effects, now);
  await insertNotifications(tx, row.id, result.effects, now);
  await appendAudit(tx, {
    at: now,
    actorId: actor.id,
    action: 'case.event',
    caseId: row.id,
    detail: { type: req.event.type, from: row.state, to: summary.state, version: nextVersion },
  });
  await notify(tx, row.id);
  return { ok: true, case: view, replayed: false };
}

function parsedColumns(c: ReturnType<typeof caseColumns>['columns']) {
  return {
    ...c,
    snapshot: JSON.parse(c.snapshot),
    state_title: JSON.parse(c.state_title),
    data: JSON.parse(c.data),
    assignee: c.assignee ? JSON.parse(c.assignee) : null,
  };
}

/** A user's event: one transaction; a refusal rolls back and is thrown as its coded error. */
export async function sendEvent(ctx: FlowContext, req: SendEvent, now: Date): Promise<CaseView> {
  try {
    const result = await ctx.db.transaction().execute(async (tx) => {
      const r = await applyInTransaction(ctx, tx, req, now);
      if (!r.ok) throw r.error;
      return r;
    });
    return result.case;
  } catch (err) {
    // Two requests with one Idempotency-Key raced: the loser answers with the winner's answer.
    if (req.idempotencyKey && isUniqueViolation(err, 'case_events_idempotency_uq')) {
      return sendEvent(ctx, req, now);
    }
    throw err;
  }
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e?.code === '23505' && (e.constraint === constraint || String(e.message).includes(constraint));
}
