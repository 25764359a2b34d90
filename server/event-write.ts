// The write half of one event as one SQL statement: update the case where it is still at the
// version the engine saw, append the event and its audit row and queue that row for the chainer —
// one round trip, no lock held past it (the NOTIFY comes after the commit: change-feed.ts).
// Effects beyond the case (timers, notifications, attachments to link) follow in the same
// transaction.
import { sql, type Kysely } from 'kysely';
import type { Actor, CaseEvent, Effect } from '../engine/index.ts';
import type { Database } from './db/schema.ts';
import type { SessionUser } from './access.ts';
import type { CaseRowJoined, CaseView } from './stores/cases.ts';
import { insertNotifications } from './stores/notifications.ts';
import { applyTimerEffects, caseColumns, linkAttachments } from './case-flow.ts';

type Db = Kysely<Database>;

/** Everything an accepted event writes, decided before the database is touched. */
export interface EventPlan {
  caseId: string;
  fromVersion: number;
  fromState: string;
  columns: ReturnType<typeof caseColumns>['columns'];
  event: CaseEvent;
  actor: Actor;
  idempotencyKey: string | null;
  requestHash: string | null;
  /** the answer; stored with the event when it has an Idempotency-Key */
  view: CaseView;
  /** the case row as it will be (for the CaseCache) */
  after: CaseRowJoined;
  effects: Effect[];
  attachmentIds: string[];
  auditDetail: Record<string, unknown>;
}

/** The session a request was authenticated with, as it was then. */
export interface SessionGuard {
  tokenId: string;
  user: SessionUser;
}

export interface WriteResult {
  written: boolean;
  /** notifications written (for the ChangeFeed, after commit) */
  notificationIds: string[];
  /** the event's global seq, when written */
  seq: number | null;
  /** false: the session ended or its user changed (the case was not written) */
  sessionLive: boolean;
}

const hasEffects = (p: EventPlan) => p.attachmentIds.length > 0 || p.effects.some((e) => e.type === 'timer.set' || e.type === 'timer.cancel' || e.type === 'notify');

export async function writeEvent(db: Db, plan: EventPlan, now: Date, session?: SessionGuard): Promise<WriteResult> {
  if (!hasEffects(plan)) return writeCase(db, plan, now, session);
  const run = async (tx: Db) => {
    const r = await writeCase(tx, plan, now, session);
    if (!r.written) return r;
    if (plan.attachmentIds.length) await linkAttachments(tx, plan.caseId, plan.attachmentIds, plan.actor.id);
    await applyTimerEffects(tx, plan.caseId, plan.effects, now);
    return { ...r, notificationIds: await insertNotifications(tx, plan.caseId, plan.effects, now) };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

async function writeCase(db: Db, p: EventPlan, now: Date, session?: SessionGuard): Promise<WriteResult> {
  const { rows } = await eventStatement(p, now, session).execute(db);
  const r = rows[0]!;
  return { written: r.seq !== null, sessionLive: r.live, notificationIds: [], seq: r.seq === null ? null : Number(r.seq) };
}

/** The statement itself (exported for EXPLAIN ANALYZE in bench/). */
export function eventStatement(p: EventPlan, now: Date, session?: SessionGuard) {
  const next = p.fromVersion + 1;
  const live = session
    ? sql`EXISTS (SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
                  WHERE s.id = ${session.tokenId} AND s.expires_at > ${now} AND u.active
                    AND u.unit_id = ${session.user.unitId} AND u.roles = ${session.user.roles}::text[])`
    : sql`true`;
  const set = sql.join(Object.entries(p.columns).map(([k, v]) => sql`${sql.ref(k)} = ${v}`));
  return sql<{ live: boolean; seq: string | null }>`
    WITH ok AS (SELECT ${live} AS live),
    upd AS (
      UPDATE cases SET ${set}, updated_at = ${now}, version = ${next}, last_seq = nextval('case_events_seq_seq')
      WHERE id = ${p.caseId} AND version = ${p.fromVersion} AND (SELECT live FROM ok)
      RETURNING last_seq
    ),
    ev AS (
      INSERT INTO case_events (seq, case_id, case_seq, type, data, actor_id, actor, at, from_state, to_state, idempotency_key, request_hash, response)
      SELECT last_seq, ${p.caseId}, ${next}::int, ${p.event.type}, ${JSON.stringify(p.event.data ?? {})}::jsonb, ${p.actor.id},
             ${JSON.stringify(p.actor)}::jsonb, ${now}::timestamptz, ${p.fromState}, ${p.columns.state},
             ${p.idempotencyKey}::text, ${p.requestHash}::text, ${p.idempotencyKey ? JSON.stringify(p.view) : null}::jsonb
      FROM upd
    ),
    au AS (
      INSERT INTO audit_log (at, actor_id, action, case_id, detail)
      SELECT ${now}::timestamptz, ${p.actor.id}, 'case.event', ${p.caseId}, ${JSON.stringify(p.auditDetail)}::jsonb FROM upd
      RETURNING seq
    ),
    ap AS (INSERT INTO audit_pending (seq) SELECT seq FROM au)
    SELECT (SELECT live FROM ok) AS live, (SELECT last_seq FROM upd) AS seq`;
}
