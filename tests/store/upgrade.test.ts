// Upgrading a database of the first release (migrations up to 0006): its hash-chained audit rows
// move to audit_chain and stay verifiable, new rows continue that chain, and existing cases are
// found by free text (case_search is built from them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator, sql } from 'kysely';
import { openStore, type Store } from '../../server/db/connect.ts';
import { migrationProvider } from '../../server/db/migrations/index.ts';
import { appendAudit, auditHash, chainAllAudit, GENESIS_HASH, verifyAudit } from '../../server/stores/audit.ts';
import { closeTestStore, dbLabel, onPostgres } from '../server/helpers.ts';
import { randomBytes } from 'node:crypto';

describe(`upgrade from 0006 on ${dbLabel}`, () => {
  let store: Store;
  beforeAll(async () => {
    store = onPostgres
      ? await openStore({ url: process.env.DATABASE_URL!, schema: `qt_test_${randomBytes(5).toString('hex')}` })
      : await openStore({ dataDir: 'memory://' });
  });
  afterAll(async () => {
    await closeTestStore(store);
  });

  it('keeps the old chain valid, continues it, and indexes existing cases for search', async () => {
    const migrator = new Migrator({ db: store.db, provider: migrationProvider, ...(store.schema ? { migrationTableSchema: store.schema } : {}) });
    expect((await migrator.migrateTo('0006_cases_opened_idx')).error).toBeUndefined();

    // three audit rows as the first release wrote them: chained in the row itself
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const row = { seq, at: new Date(Date.UTC(2026, 0, 5, seq)), actorId: `u${seq}`, action: 'case.event', caseId: null, detail: { n: seq } };
      const hash = auditHash(prev, row);
      await sql`INSERT INTO audit_log (seq, at, actor_id, action, case_id, detail, prev_hash, hash)
                VALUES (${seq}, ${row.at}, ${row.actorId}, ${row.action}, NULL, ${JSON.stringify(row.detail)}, ${prev}, ${hash})`.execute(store.db);
      prev = hash;
    }
    await sql`SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), 3)`.execute(store.db);
    // and a case
    await sql`INSERT INTO units (id, name, created_at) VALUES ('u', 'Đơn vị', now())`.execute(store.db);
    await sql`INSERT INTO users (id, username, display_name, unit_id, roles, password_hash, active, created_at)
              VALUES ('m', 'm', 'M', 'u', '{monitor}', 'x', true, now())`.execute(store.db);
    await store.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(tx); // no procedure row needed
      await sql`INSERT INTO cases (id, number, procedure_key, procedure_version, snapshot, state, state_title, status, work_roles, data,
                                   unit_id, opened_by, opened_at, updated_at, version, last_seq)
                VALUES ('c1', 'HC-2026-000001', 'harmful-content', 1, '{}', 'detected', '{}', 'active', '{}',
                        '{"description": "Trang mạo danh ủy ban", "comments": [{"text": "bình luận riêng"}]}', 'u', 'm', now(), now(), 1, 0)`.execute(tx);
    });

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await verifyAudit(store.db)).toEqual({ ok: true, checked: 3, pending: 0 });
    await store.db.transaction().execute((tx) => appendAudit(tx, { at: new Date(), actorId: 'u4', action: 'case.event', caseId: null, detail: { n: 4 } }));
    await chainAllAudit(store.db);
    expect(await verifyAudit(store.db)).toEqual({ ok: true, checked: 4, pending: 0 });
    const fourth = await store.db.selectFrom('audit_chain').select(['chain_no', 'seq', 'prev_hash']).where('chain_no', '=', 4 as never).executeTakeFirstOrThrow();
    expect([Number(fourth.seq), fourth.prev_hash]).toEqual([4, prev]);

    const found = await sql<{ case_id: string }>`SELECT case_id FROM case_search WHERE doc LIKE quytrinh_fold('%Mạo Danh%')`.execute(store.db);
    expect(found.rows.map((r) => r.case_id)).toEqual(['c1']);
    const thread = await sql<{ case_id: string }>`SELECT case_id FROM case_search WHERE doc ILIKE '%binh luan rieng%'`.execute(store.db);
    expect(thread.rows).toEqual([]);
    const entries = await sql<{ case_id: string }>`SELECT case_id FROM case_search_entries WHERE doc LIKE '%binh luan rieng%'`.execute(store.db);
    expect(entries.rows.map((r) => r.case_id)).toEqual(['c1']);
  });
});
