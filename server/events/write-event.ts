// The write half of events as one SQL statement: update each case where it is still at the
// version the engine saw (and the session is still live), append the event and its audit row
// and queue that row for the chainer — one round trip, no lock held past it (the NOTIFY comes
// after the commit: notify.ts). The EventWriter puts the events that arrive while a write
// is in flight into the next statement together: the database's cost of an event is mostly the
// statement and its commit, not the rows. The notifications of the steps entered are rows of the
// same statement; other effects (timers, automated steps, attachments to link) make an event a
// transaction of its own with those statements after it.
import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Actor, CaseEvent, CaseState, Effect } from '../../engine/index.ts';
import type { CaseEventsTable, Database } from '../db/schema.ts';
import type { SessionUser } from '../access.ts';
import type { caseValues, CaseRowJoined, CaseView, EntryChanges } from '../stores/cases.ts';
import { applyServiceEffects } from '../outbox/store.ts';
import { qtError } from '../errors.ts';
import { answerDataJson, joinBytes } from './encode-data.ts';
import { Batches, type BatchOptions } from './batches.ts';

type Db = Kysely<Database>;
type EventRow = { case_id: string; live: boolean; seq: string | null };
/** A prepared statement runner (Store.prepared), for writes outside a transaction. */
export type Prepared = <R>(name: string, text: string, values: readonly unknown[]) => Promise<{ rows: R[] }>;

/** Everything an accepted event writes, decided before the database is touched. */
export interface EventPlan {
  caseId: string;
  fromVersion: number;
  fromState: string;
  /** the case's data before the event (the statement reuses the encoding of lists it extends) */
  fromData?: unknown;
  values: ReturnType<typeof caseValues>['values'];
  event: CaseEvent;
  /** what the event counts as in the report (the engine's word) */
  outcomes: string[];
  actor: Actor;
  idempotencyKey: string | null;
  requestHash: string | null;
  /** the answer (a repeated request gets it rebuilt: idempotency.ts) */
  view: CaseView;
  /** the case row as it will be (for the CaseCache) */
  after: CaseRowJoined;
  /** the fields its search document is made of changed (the statement rewrites the document) */
  searchChanged: boolean;
  /** what changed in its lists of entries (comment threads): the statement brings their search rows up to date */
  threadChanges: EntryChanges | null;
  effects: Effect[];
  /** the rows of its `notify` effects, ids made once (notificationsOf) */
  notifications: PlannedNotification[];
  attachmentIds: string[];
  /** the files the event's form names, each must be the case's (checked as they are linked) */
  files: NamedFile[];
  auditDetail: Record<string, unknown>;
  /** the request it came with (x-request-id), for its audit row */
  requestId?: string | null;
}

export interface PlannedNotification {
  id: string;
  role: string;
  message: unknown;
}

/** The notifications an event's effects ask for, each with its id. */
export function notificationsOf(effects: Effect[]): PlannedNotification[] {
  return effects.flatMap((e) => (e.type === 'notify' ? [{ id: randomUUID(), role: e.role, message: e.message }] : []));
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

interface Write {
  plan: EventPlan;
  now: Date;
  session?: SessionGuard;
}
type Queued = Write & { resolve: (r: WriteResult) => void; reject: (e: unknown) => void };

/** A value of a form's files field: the id of an uploaded file. */
export interface NamedFile {
  field: string;
  id: string;
}

/** Whether the event writes more than the statement does (its case, event, audit row and notifications). */
export const hasEffects = (p: EventPlan) =>
  p.attachmentIds.length > 0 ||
  p.files.length > 0 ||
  p.effects.some((e) => e.type === 'timer.set' || e.type === 'timer.cancel' || e.type === 'service.call' || e.type === 'service.cancel');

/** Every string in the data that names an uploaded file: candidates to link to the case. */
export function attachmentIds(data: unknown, out: Set<string> = new Set()): Set<string> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  // an explicit stack: data nested thousands deep must not overflow the call stack
  const stack: unknown[] = [data];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (uuid.test(value)) out.add(value);
    } else if (Array.isArray(value)) for (const v of value) stack.push(v);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) stack.push(v);
  }
  return out;
}

/**
 * Links files this user uploaded and has not linked yet to the case; then every file the form
 * names must be the case's — one that does not exist, belongs to another case or is another
 * user's unlinked upload refuses the event (422, in the caller's transaction, which rolls back).
 */
export async function linkAttachments(tx: Db, caseId: string, ids: string[], userId: string, files: NamedFile[] = []) {
  const all = [...new Set([...ids, ...files.map((f) => f.id)])];
  if (!all.length) return;
  await tx
    .updateTable('attachments')
    .set({ case_id: caseId })
    .where('id', 'in', all)
    .where('case_id', 'is', null)
    .where('uploaded_by', '=', userId)
    .execute();
  if (!files.length) return;
  const named = [...new Set(files.map((f) => f.id))];
  const rows = await tx.selectFrom('attachments').select('id').where('id', 'in', named).where('case_id', '=', caseId).execute();
  const ofCase = new Set(rows.map((r) => r.id));
  const fields = [...new Set(files.filter((f) => !ofCase.has(f.id)).map((f) => f.field))];
  if (fields.length) {
    throw qtError('QT_ATTACHMENT_UNKNOWN', { details: fields.map((field) => ({ field, message: 'names a file that is not one uploaded for this case' })) });
  }
}

/** Appends an event written outside the event statement (a case's opening, a migration), with no Idempotency-Key; its seq. */
export async function appendEvent(tx: Db, event: Omit<Insertable<CaseEventsTable>, 'idempotency_key' | 'request_hash' | 'response'>): Promise<number> {
  const row = await tx
    .insertInto('case_events')
    .values({ ...event, idempotency_key: null, request_hash: null, response: null })
    .returning('seq')
    .executeTakeFirstOrThrow();
  return Number(row.seq);
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

/** One event, in the caller's transaction when `db` is one; its effects in the same transaction. */
export async function writeEvent(db: Db, plan: EventPlan, now: Date, session?: SessionGuard): Promise<WriteResult> {
  if (!hasEffects(plan)) return (await writeRows(db, [{ plan, now, session }]))[0]!;
  const run = async (tx: Db) => {
    const r = (await writeRows(tx, [{ plan, now, session }]))[0]!;
    if (!r.written) return r;
    await linkAttachments(tx, plan.caseId, plan.attachmentIds, plan.actor.id, plan.files);
    await applyTimerEffects(tx, plan.caseId, plan.effects, now);
    await applyServiceEffects(tx, plan.caseId, plan.effects, plan.event, plan.actor.id, now);
    return r;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/**
 * Writes events without effects, several per statement: a write waits only while others are in
 * flight (at most `maxInFlight` statements at once), so one request alone goes straight through.
 * Two events of one case never share a statement. If a statement fails (a raced
 * Idempotency-Key, say), its events are written one by one so that only the faulty one fails.
 */
export class EventWriter extends Batches<Queued> {
  #db: Db;
  #prepared?: Prepared;
  /** statements run and events written so far (tests, the bench) */
  readonly stats = { statements: 0, events: 0 };
  #observer: ((events: number) => void) | null = null;

  /**
   * `gather`: wait for the rest of this turn of the event loop before writing, so that the
   * requests already received in it join the statement (the first of a burst no longer goes
   * alone). Vital for a database inside the process (PGlite): its statements run on this thread
   * and block it, so no request arrives while one is in flight, and without this every statement
   * carried one event (32 clients: 250 → 1,500 events/s). On PostgreSQL ~5–10 % more at 32
   * clients, the same at 1 and 8.
   */
  constructor(db: Db, opts: BatchOptions & { prepared?: Prepared } = {}) {
    super(opts);
    this.#db = db;
    this.#prepared = opts.prepared;
  }

  /** Called with the number of events of each statement (metrics). */
  observe(observer: (events: number) => void): void {
    this.#observer = observer;
  }

  write(plan: EventPlan, now: Date, session?: SessionGuard): Promise<WriteResult> {
    return new Promise((resolve, reject) => this.enqueue({ plan, now, session, resolve, reject }));
  }

  /** The next statement's events: at most one of each case, the others wait for the next one. */
  protected take(): Queued[] {
    const batch: Queued[] = [];
    const cases = new Set<string>();
    const rest: Queued[] = [];
    for (const w of this.queue) {
      if (batch.length < this.maxBatch && !cases.has(w.plan.caseId)) {
        cases.add(w.plan.caseId);
        batch.push(w);
      } else rest.push(w);
    }
    this.queue = rest;
    return batch;
  }

  protected async run(batch: Queued[]) {
    const one = async (writes: Queued[]) => {
      this.stats.statements++;
      this.#observer?.(writes.length);
      const results = await writeRows(this.#db, writes, this.#prepared);
      this.stats.events += results.filter((r) => r.written).length;
      return results;
    };
    try {
      const results = await one(batch);
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      for (const w of batch) {
        try {
          w.resolve((await one([w]))[0]!);
        } catch (e) {
          w.reject(e);
        }
      }
    }
  }
}

/**
 * The statement's input for one event (one object: jsonb_to_recordset's columns), as JSON text
 * in pieces: the row without the case's data, then the data (`,"data":…}`) — encoded once for
 * the statement and the answer (encode-data.ts). The snapshot goes without the data; the
 * statement puts it back in.
 */
function eventRow({ plan: { values: { data: _data, snapshot, ...values }, ...p }, now, session }: Write, binary: boolean): (string | Buffer)[] {
  const context = snapshot.context as CaseState['context'] | undefined;
  const inSnapshot = context?.data !== undefined;
  const row = JSON.stringify({
    case_id: p.caseId,
    from_version: p.fromVersion,
    token: session?.tokenId ?? null,
    unit: session?.user.unitId ?? null,
    roles: session?.user.roles ?? null,
    now: now.toISOString(),
    ...values,
    snapshot: inSnapshot ? { ...snapshot, context: { ...context, data: undefined } } : snapshot,
    due_at: values.due_at ? values.due_at.toISOString() : null,
    type: p.event.type,
    event_data: p.event.data ?? {},
    outcomes: p.outcomes,
    actor_id: p.actor.id,
    actor: p.actor,
    from_state: p.fromState,
    idempotency_key: p.idempotencyKey,
    request_hash: p.requestHash,
    audit: p.auditDetail,
    request_id: p.requestId ?? null,
    search: p.searchChanged,
    thread: p.threadChanges,
    notes: p.notifications.length ? p.notifications : null,
  });
  // a snapshot without data (none the engine makes) is written as it is, the column gets {}
  if (!inSnapshot) return [row];
  const data = binary ? answerDataJson(p.view, context!.data, true, p.fromData) : answerDataJson(p.view, context!.data, false);
  return [row.slice(0, -1), ',"data":', data, '}'];
}

/**
 * The statement's one parameter, the events as a JSON array: as text, or (`binary`, for `pg`)
 * as jsonb's binary form — a version byte, then the JSON in UTF-8 — written into one buffer
 * piece by piece. Never one string of the whole array: with a case's comment thread in every
 * snapshot, a statement of 16–32 events is 100–300 KB of two-byte text (the Vietnamese
 * letters), which V8 allocates straight into its old generation (objects over 128 KB) and
 * `pg` would encode again.
 */
export function eventsParam(writes: Write[], binary: boolean): string | Buffer {
  const parts: (string | Buffer | number)[] = binary ? [1, '['] : ['['];
  writes.forEach((w, i) => {
    if (i) parts.push(',');
    parts.push(...eventRow(w, binary));
  });
  parts.push(']');
  return binary ? joinBytes(parts) : parts.join('');
}

/** The statement (exported for EXPLAIN ANALYZE in bench/): one row of input per event. */
export function eventsStatement(param: string | Buffer) {
  return sql<EventRow>`
    WITH v AS (
      SELECT r.*, COALESCE(r.data, '{}') AS data_column,
             CASE WHEN r.data IS NULL THEN r.snapshot ELSE jsonb_set(r.snapshot, '{context,data}', r.data) END AS whole_snapshot,
             (r.token IS NULL OR EXISTS (
               SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
               WHERE s.id = r.token AND s.expires_at > r.now AND u.active AND u.unit_id = r.unit AND u.roles = r.roles)) AS live
      FROM jsonb_to_recordset(${param}::jsonb) AS r(
        case_id text, from_version int, token text, unit text, roles text[], now timestamptz,
        snapshot jsonb, state text, state_title jsonb, status text, work_roles text[], category text, platform text,
        assignee jsonb, assignee_user_id text, assignee_unit_id text, due_at timestamptz, overdue boolean,
        type text, event_data jsonb, outcomes text[], actor_id text, actor jsonb, from_state text, idempotency_key text, request_hash text,
        audit jsonb, request_id text, search boolean, thread jsonb, notes jsonb, data jsonb)
    ),
    upd AS (
      UPDATE cases c SET snapshot = v.whole_snapshot, state = v.state, state_title = v.state_title, status = v.status,
        work_roles = v.work_roles, data = v.data_column, category = v.category, platform = v.platform, assignee = v.assignee,
        assignee_user_id = v.assignee_user_id, assignee_unit_id = v.assignee_unit_id, due_at = v.due_at, overdue = v.overdue,
        updated_at = v.now, version = v.from_version + 1, last_seq = nextval('case_events_seq_seq')
      FROM v
      -- the = ANY lookup keeps the prepared (generic) plan on the primary key: joined alone
      -- with v (estimated at 100 rows), a small cases table can be planned as a hash join over
      -- all of it
      WHERE c.id = ANY (ARRAY(SELECT case_id FROM v)) AND c.id = v.case_id AND c.version = v.from_version AND v.live
      RETURNING c.id, c.last_seq, c.number
    ),
    -- The search documents of the versions written here are kept here, rewritten only where the
    -- searchable fields changed; the setting tells the cases trigger to pass over them (0012).
    kept AS (SELECT set_config('quytrinh.search_kept', ',' || string_agg(v.case_id || ':' || (v.from_version + 1), ',') || ',', true) AS names FROM v),
    srch AS (
      UPDATE case_search s SET doc = quytrinh_search_doc(u.number, v.data_column)
      FROM upd u JOIN v ON v.case_id = u.id
      WHERE s.case_id = u.id AND v.search
    ),
    thr AS (SELECT count(quytrinh_sync_entry_changes(u.id, v.thread)) AS n FROM upd u JOIN v ON v.case_id = u.id WHERE v.thread IS NOT NULL),
    ev AS (
      INSERT INTO case_events (seq, case_id, case_seq, type, data, actor_id, actor, at, from_state, to_state, idempotency_key, request_hash, response, outcomes)
      SELECT u.last_seq, v.case_id, v.from_version + 1, v.type, v.event_data, v.actor_id, v.actor, v.now, v.from_state, v.state,
             v.idempotency_key, v.request_hash, NULL, v.outcomes
      FROM upd u JOIN v ON v.case_id = u.id
    ),
    au AS (
      INSERT INTO audit_log (at, actor_id, action, case_id, detail, request_id)
      SELECT v.now, v.actor_id, 'case.event', v.case_id, v.audit, v.request_id FROM upd u JOIN v ON v.case_id = u.id
      RETURNING seq
    ),
    ap AS (INSERT INTO audit_pending (seq) SELECT seq FROM au),
    nt AS (
      INSERT INTO notifications (id, case_id, role, message, created_at, actor_id)
      SELECT n.id, v.case_id, n.role, n.message, v.now, v.actor_id
      FROM upd u JOIN v ON v.case_id = u.id CROSS JOIN LATERAL jsonb_to_recordset(v.notes) AS n(id text, role text, message jsonb)
      WHERE v.notes IS NOT NULL
    )
    SELECT v.case_id, v.live, u.last_seq AS seq FROM v LEFT JOIN upd u ON u.id = v.case_id CROSS JOIN kept CROSS JOIN thr`;
}

/** The prepared statement's text: the same for every call (only its parameter changes), compiled once. */
let preparedText: string | null = null;

async function writeRows(db: Db, writes: Write[], prepared?: Prepared): Promise<WriteResult[]> {
  let rows: EventRow[];
  if (prepared && !db.isTransaction) {
    preparedText ??= eventsStatement('').compile(db).sql;
    rows = (await prepared<EventRow>('quytrinh_events', preparedText, [eventsParam(writes, true)])).rows;
  } else rows = (await eventsStatement(eventsParam(writes, false)).execute(db)).rows;
  const byCase = new Map(rows.map((r) => [r.case_id, r]));
  return writes.map((w) => {
    const r = byCase.get(w.plan.caseId)!;
    const written = r.seq !== null;
    return { written, sessionLive: r.live, notificationIds: written ? w.plan.notifications.map((n) => n.id) : [], seq: written ? Number(r.seq) : null };
  });
}
