// The outbox's rows: written with the event that entered an automated step, claimed by a worker
// (FOR UPDATE SKIP LOCKED, a lease so a process killed mid-call leaves it to another), read as
// incidents. See migration 0022 and worker.ts.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { readServiceError, serviceErrorText, type CaseEvent, type Effect } from '../../engine/index.ts';
import type { Database, OutboxTable } from '../db/schema.ts';
import { appendAudit } from '../stores/audit.ts';

type Db = Kysely<Database>;
export type OutboxRow = Selectable<OutboxTable>;

export const CallStatus = {
  Pending: 'pending',
  Running: 'running',
  Done: 'done',
  Failed: 'failed',
  Incident: 'incident',
  Cancelled: 'cancelled',
  Skipped: 'skipped',
} as const;
export type CallStatus = (typeof CallStatus)[keyof typeof CallStatus];

/** Whether the engine's effects ask for an automated step to start or stop. */
export const hasServiceEffects = (effects: Effect[]) => effects.some((e) => e.type === 'service.call' || e.type === 'service.cancel');

/**
 * Carries out the engine's service effects in the event's transaction: a cancel closes the
 * step's call not yet finished (a worker running it will find it closed and record nothing),
 * a call becomes a pending row. Returns the ids of the calls written.
 */
export async function applyServiceEffects(tx: Db, caseId: string, effects: Effect[], cause: CaseEvent, actorId: string, now: Date): Promise<string[]> {
  const ids: string[] = [];
  for (const e of effects) {
    if (e.type === 'service.cancel') {
      const closed = await tx
        .updateTable('outbox')
        .set({ status: CallStatus.Cancelled, finished_at: now, lease_until: null, claim: null })
        .where('case_id', '=', caseId)
        .where('invoke_id', '=', e.id)
        .where('status', 'in', [CallStatus.Pending, CallStatus.Running, CallStatus.Incident])
        .returning(['id', 'service'])
        .execute();
      for (const c of closed) {
        await appendAudit(tx, { at: now, actorId, action: 'service.cancelled', caseId, detail: { call: c.id, service: c.service, invoke: e.id } });
      }
    } else if (e.type === 'service.call') {
      const id = randomUUID();
      await tx
        .insertInto('outbox')
        .values({
          id,
          case_id: caseId,
          invoke_id: e.id,
          service: e.service,
          input: JSON.stringify(e.input),
          handles_error: e.handlesError,
          cause: JSON.stringify({ type: cause.type, at: now.toISOString() }),
          status: CallStatus.Pending,
          next_at: now,
          created_at: now,
        })
        .execute();
      await appendAudit(tx, { at: now, actorId, action: 'service.called', caseId, detail: { call: id, service: e.service, invoke: e.id } });
      ids.push(id);
    }
  }
  return ids;
}

/**
 * Claims the next call due (or one whose lease ran out: its process died mid-call) for one
 * attempt, in one statement: rows another process holds are skipped, never waited for.
 */
export async function claimCall(db: Db, now: Date, leaseMs: number): Promise<OutboxRow | null> {
  const claim = randomUUID();
  const lease = new Date(now.getTime() + leaseMs);
  const { rows } = await sql<OutboxRow>`
    UPDATE outbox SET status = 'running', attempts = attempts + 1, claim = ${claim}, lease_until = ${lease}
    WHERE id = (
      SELECT id FROM outbox
      WHERE (status = 'pending' AND next_at <= ${now}) OR (status = 'running' AND lease_until <= ${now})
      ORDER BY next_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(db);
  return rows[0] ?? null;
}

/** The call, locked, if the claim is still its own (not cancelled, not reclaimed after its lease). */
export async function lockClaimed(tx: Db, id: string, claim: string): Promise<OutboxRow | null> {
  const row = await tx.selectFrom('outbox').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row && row.status === CallStatus.Running && row.claim === claim ? row : null;
}

export interface Incident {
  id: string;
  caseId: string;
  caseNumber: string;
  procedure: string;
  state: string;
  stateTitle: { vi: string; en: string };
  service: string;
  attempts: number;
  /** why the last attempt failed, in words, with the technical detail */
  lastError: { code: string; message: { vi: string; en: string }; detail: string } | null;
  createdAt: string;
  failedAt: string | null;
}

function lastError(stored: string | null): Incident['lastError'] {
  const e = readServiceError(stored);
  return e && { code: e.code, message: serviceErrorText(e) as { vi: string; en: string }, detail: e.detail };
}

/** Open incidents, oldest first; of one case with `caseId`. */
export async function listIncidents(db: Db, caseId?: string): Promise<Incident[]> {
  let q = db
    .selectFrom('outbox as o')
    .innerJoin('cases as c', 'c.id', 'o.case_id')
    .select(['o.id', 'o.case_id', 'c.number', 'c.procedure_key', 'c.state', 'c.state_title', 'o.service', 'o.attempts', 'o.last_error', 'o.created_at', 'o.finished_at'])
    .where('o.status', '=', CallStatus.Incident);
  if (caseId) q = q.where('o.case_id', '=', caseId);
  const rows = await q.orderBy('o.created_at').orderBy('o.id').limit(500).execute();
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id!, // inner join: a call of a case
    caseNumber: r.number,
    procedure: r.procedure_key,
    state: r.state,
    stateTitle: r.state_title as { vi: string; en: string },
    service: r.service,
    attempts: r.attempts,
    lastError: lastError(r.last_error),
    createdAt: new Date(r.created_at).toISOString(),
    failedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
  }));
}

/** Open incidents across all processes (metrics). */
export async function countIncidents(db: Db): Promise<number> {
  const row = await db.selectFrom('outbox').select(sql<string>`count(*)`.as('n')).where('status', '=', CallStatus.Incident).executeTakeFirst();
  return Number(row?.n ?? 0);
}
