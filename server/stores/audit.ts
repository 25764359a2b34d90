// The audit log: append-only, each row chained to the previous one by hash, so a changed,
// removed or reordered row breaks the chain at that row.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

export const GENESIS_HASH = '0'.repeat(64);
// pg_advisory_xact_lock key: writers of the chain take turns until their commit.
const AUDIT_LOCK = 7_140_227;

/** JSON with object keys sorted at every level: the same row always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export interface AuditEntry {
  at: Date;
  actorId: string;
  action: string;
  caseId: string | null;
  detail: Record<string, unknown>;
}

export function auditHash(prevHash: string, row: AuditEntry & { seq: number }): string {
  const canonical = canonicalJson({
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actorId,
    action: row.action,
    caseId: row.caseId,
    detail: row.detail,
  });
  return createHash('sha256').update(prevHash + canonical).digest('hex');
}

/** Appends one row. Call it last in a transaction: it holds the chain's lock until commit. */
export async function appendAudit(tx: Db, entry: AuditEntry): Promise<number> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(tx);
  const last = await tx.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const { rows } = await sql<{ seq: string | number }>`SELECT nextval(pg_get_serial_sequence('audit_log', 'seq')) AS seq`.execute(tx);
  const seq = Number(rows[0]!.seq);
  const prev_hash = last?.hash ?? GENESIS_HASH;
  const hash = auditHash(prev_hash, { ...entry, seq });
  await tx
    .insertInto('audit_log')
    .values({
      seq,
      at: entry.at,
      actor_id: entry.actorId,
      action: entry.action,
      case_id: entry.caseId,
      detail: JSON.stringify(entry.detail),
      prev_hash,
      hash,
    })
    .execute();
  return seq;
}

export type AuditVerification =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAt: number; reason: string };

/** Walks the whole chain in order; reports the first row whose link or hash does not hold. */
export async function verifyAudit(db: Db, batch = 1000): Promise<AuditVerification> {
  let prev = GENESIS_HASH;
  let after = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after as never)
      .orderBy('seq')
      .limit(batch)
      .execute();
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      const seq = Number(r.seq);
      if (r.prev_hash !== prev) {
        return { ok: false, checked, brokenAt: seq, reason: 'prev_hash does not match the hash of the row before' };
      }
      const expected = auditHash(prev, {
        seq,
        at: new Date(r.at),
        actorId: r.actor_id,
        action: r.action,
        caseId: r.case_id,
        detail: r.detail as Record<string, unknown>,
      });
      if (expected !== r.hash) return { ok: false, checked, brokenAt: seq, reason: 'the row was changed after it was written' };
      prev = r.hash;
      checked++;
      after = seq;
    }
  }
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
