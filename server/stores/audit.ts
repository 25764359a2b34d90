// The audit log: append-only. A row is written in the transaction of what it records, without
// a lock; `chainAudit` then links written rows one after another by hash (audit_chain), so a
// changed, removed, inserted or reordered row breaks the chain at that row.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

export const GENESIS_HASH = '0'.repeat(64);
// pg_advisory_xact_lock key: chainers (one per process) take turns.
const AUDIT_LOCK = 7_140_227;

/** JSON with object keys sorted at every level: the same row always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  // written out with loops: it runs for every event (request hash) and audit row (chain hash)
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  out = '{';
  for (const k of keys) {
    if (obj[k] === undefined) continue;
    out += (out.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + canonicalJson(obj[k]);
  }
  return out + '}';
}

export interface AuditEntry {
  at: Date;
  actorId: string;
  action: string;
  caseId: string | null;
  detail: Record<string, unknown>;
  /** the request it records (x-request-id); hashed when present */
  requestId?: string | null;
}

export function auditHash(prevHash: string, row: AuditEntry & { seq: number }): string {
  const canonical = canonicalJson({
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actorId,
    action: row.action,
    caseId: row.caseId,
    detail: row.detail,
    requestId: row.requestId ?? undefined, // absent from the rows before migration 0020: their hash is unchanged
  });
  return createHash('sha256').update(prevHash + canonical).digest('hex');
}

/** When the latest `limit` failed sign-ins with this user name since `since` were, newest first (names match exactly, as at sign-in). */
export async function recentLoginFailures(db: Db, username: string, since: Date, limit: number): Promise<Date[]> {
  // the partial index of migration 0016
  const rows = await db
    .selectFrom('audit_log')
    .select('at')
    .where('action', '=', 'auth.login_failed')
    .where(sql`detail->>'username'`, '=', username)
    .where('at', '>', since)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => new Date(r.at));
}

/** Appends one row, unchained, and queues it for the chainer. */
export async function appendAudit(tx: Db, entry: AuditEntry): Promise<number> {
  const { rows } = await sql<{ seq: string | number }>`
    WITH a AS (
      INSERT INTO audit_log (at, actor_id, action, case_id, detail, request_id)
      VALUES (${entry.at}, ${entry.actorId}, ${entry.action}, ${entry.caseId}, ${JSON.stringify(entry.detail)}, ${entry.requestId ?? null})
      RETURNING seq
    )
    INSERT INTO audit_pending (seq) SELECT seq FROM a RETURNING seq`.execute(tx);
  return Number(rows[0]!.seq);
}

/**
 * Links up to `batch` written rows to the chain, in seq order, in one transaction; returns how
 * many. Any process may call it at any time: chainers take turns on an advisory lock. The rows
 * are fetched by key (`= ANY (ARRAY(…))`): a join with the queue was planned as a hash join over
 * the whole log, a scan that grew with every row ever written (10 ms at 22,000 rows).
 */
export async function chainAudit(db: Db, batch = 500): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(tx);
    const { rows } = await sql<{ seq: string; at: Date; actor_id: string; action: string; case_id: string | null; detail: Record<string, unknown>; request_id: string | null }>`
      WITH p AS (
        DELETE FROM audit_pending WHERE seq = ANY (ARRAY(SELECT seq FROM audit_pending ORDER BY seq LIMIT ${batch})) RETURNING seq
      )
      SELECT a.seq, a.at, a.actor_id, a.action, a.case_id, a.detail, a.request_id FROM audit_log a
      WHERE a.seq = ANY (ARRAY(SELECT seq FROM p)) ORDER BY a.seq`.execute(tx);
    if (rows.length === 0) return 0;
    const last = await tx.selectFrom('audit_chain').select(['chain_no', 'hash']).orderBy('chain_no', 'desc').limit(1).executeTakeFirst();
    let chainNo = Number(last?.chain_no ?? 0);
    let prev = last?.hash ?? GENESIS_HASH;
    const links = rows.map((r) => {
      const seq = Number(r.seq);
      const hash = auditHash(prev, { seq, at: new Date(r.at), actorId: r.actor_id, action: r.action, caseId: r.case_id, detail: r.detail, requestId: r.request_id });
      const link = { chain_no: ++chainNo, seq, prev_hash: prev, hash };
      prev = hash;
      return link;
    });
    await tx.insertInto('audit_chain').values(links).execute();
    return links.length;
  });
}

/** Chains everything written so far (tests, shutdown, the verify CLI). */
export async function chainAllAudit(db: Db): Promise<number> {
  let total = 0;
  for (let n = await chainAudit(db); n > 0; n = await chainAudit(db)) total += n;
  return total;
}

export type AuditVerification =
  | { ok: true; checked: number; pending: number }
  | { ok: false; checked: number; brokenAt: number; reason: string };

/**
 * Walks the chain in order and reports the first link that does not hold: a row changed,
 * deleted or moved, or a link forged. Then every row of the log must be chained or pending.
 */
export async function verifyAudit(db: Db, batch = 1000): Promise<AuditVerification> {
  let prev = GENESIS_HASH;
  let after = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_chain as c')
      .leftJoin('audit_log as a', 'a.seq', 'c.seq')
      .select(['c.chain_no', 'c.seq', 'c.prev_hash', 'c.hash', 'a.seq as row_seq', 'a.at', 'a.actor_id', 'a.action', 'a.case_id', 'a.detail', 'a.request_id'])
      .where('c.chain_no', '>', after as never)
      .orderBy('c.chain_no')
      .limit(batch)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (Number(r.chain_no) !== after + 1) return { ok: false, checked, brokenAt: seq, reason: 'a link of the chain is missing before this row' };
      if (r.row_seq === null) return { ok: false, checked, brokenAt: seq, reason: 'the row was deleted' };
      if (r.prev_hash !== prev) return { ok: false, checked, brokenAt: seq, reason: 'prev_hash does not match the hash of the row before' };
      const expected = auditHash(prev, {
        seq,
        at: new Date(r.at!),
        actorId: r.actor_id!,
        action: r.action!,
        caseId: r.case_id ?? null,
        detail: r.detail as Record<string, unknown>,
        requestId: r.request_id,
      });
      if (expected !== r.hash) return { ok: false, checked, brokenAt: seq, reason: 'the row was changed after it was written' };
      prev = r.hash;
      checked++;
      after = Number(r.chain_no);
    }
  }
  // A row in neither the chain nor the queue was put there behind the server's back.
  const stray = await db
    .selectFrom('audit_log as a')
    .select('a.seq')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('audit_chain as c').select('c.seq').whereRef('c.seq', '=', 'a.seq'))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('audit_pending as p').select('p.seq').whereRef('p.seq', '=', 'a.seq'))),
    )
    .orderBy('a.seq')
    .limit(1)
    .executeTakeFirst();
  if (stray) return { ok: false, checked, brokenAt: Number(stray.seq), reason: 'the row is not in the chain' };
  const pending = await db.selectFrom('audit_pending').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { ok: true, checked, pending: Number(pending.n) };
}

export async function caseAudit(db: Db, caseId: string) {
  return db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.seq', 'a.at', 'a.actor_id', 'u.display_name', 'u.roles', 'a.action', 'a.detail'])
    .where('a.case_id', '=', caseId)
    .orderBy('a.seq')
    .execute();
}
