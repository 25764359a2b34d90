// The audit log: `npm run audit:verify` finds a modified, deleted, reordered or inserted row;
// nobody — not even the table owner — UPDATEs, DELETEs or TRUNCATEs audit rows or case events
// through SQL (triggers); and on PostgreSQL a server running as a non-owner application role cannot even
// switch those triggers off, while it works as usual.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { migrate, openStore, type Store } from '../../server/db/connect.ts';
import { appendAudit, auditHash, chainAudit, verifyAudit } from '../../server/stores/audit.ts';
import { closeTestStore, dbLabel, login, makeApp, onPostgres, openTestStore, seedWorld, START, TestClock } from '../server/helpers.ts';
import { admin, createScratchDatabase, urlFor } from '../reliability/scratch-pg.ts';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;

describe(`audit:verify against tampering on ${dbLabel}`, () => {
  const dir = onPostgres ? undefined : mkdtempSync(join(tmpdir(), 'quytrinh-audit-tamper-'));
  let schema: string | undefined;
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (schema) await closeTestStore(await openTestStore({ schema }));
  });

  async function verifyCli() {
    const env = { ...process.env, ...(dir ? { QUYTRINH_DATA_DIR: dir } : { QUYTRINH_DB_SCHEMA: schema }) };
    try {
      const { stdout } = await run('npm', ['run', '--silent', 'audit:verify'], { env, cwd: ROOT });
      return { code: 0, out: stdout.trim() };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, out: (err.stdout + err.stderr).trim() };
    }
  }

  /** Changes the log behind the server's back (as the owner, triggers off), runs the CLI, puts it back. */
  async function tamperAndVerify(change: (store: Store) => Promise<void>) {
    let store = await openTestStore({ dataDir: dir, schema });
    const log = await store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    const chain = await store.db.selectFrom('audit_chain').selectAll().orderBy('chain_no').execute();
    const pending = await store.db.selectFrom('audit_pending').selectAll().execute();
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(store.db);
    await sql`ALTER TABLE audit_chain DISABLE TRIGGER audit_chain_append_only`.execute(store.db);
    await change(store);
    await closeTestStore(store, { keep: true });
    const result = await verifyCli();
    store = await openTestStore({ dataDir: dir, schema });
    await sql`DELETE FROM audit_log`.execute(store.db);
    await sql`DELETE FROM audit_chain`.execute(store.db);
    await sql`DELETE FROM audit_pending`.execute(store.db);
    await store.db.insertInto('audit_log').values(log.map((r) => ({ ...r, seq: Number(r.seq), detail: JSON.stringify(r.detail) }))).execute();
    await store.db.insertInto('audit_chain').values(chain.map((r) => ({ ...r, chain_no: Number(r.chain_no), seq: Number(r.seq) }))).execute();
    if (pending.length) await store.db.insertInto('audit_pending').values(pending.map((r) => ({ seq: Number(r.seq) }))).execute();
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(store.db);
    await sql`ALTER TABLE audit_chain ENABLE TRIGGER audit_chain_append_only`.execute(store.db);
    await closeTestStore(store, { keep: true });
    return result;
  }

  it('passes an intact log and names the first broken row of a modified, deleted, reordered or inserted one', async () => {
    const store = await openTestStore({ dataDir: dir });
    schema = store.schema;
    for (let i = 1; i <= 6; i++) {
      await store.db.transaction().execute((tx) =>
        appendAudit(tx, { at: new Date(Date.UTC(2026, 0, 5, i)), actorId: `user-${i}`, action: 'case.event', caseId: null, detail: { type: 'COMMENT', version: i } }),
      );
    }
    // Rows 1–5 chained, as the server does right after their commits; row 6 still queued.
    expect(await chainAudit(store.db, 5)).toBe(5);
    await closeTestStore(store, { keep: true });

    expect(await verifyCli()).toEqual({ code: 0, out: 'Audit log intact: 5 rows checked, 1 written and not yet chained.' });

    const changed = 'the row was changed after it was written';
    const unlinked = 'prev_hash does not match the hash of the row before';
    const broken = (seq: number, reason: string, intact = seq - 1) => ({ code: 1, out: `Audit log BROKEN at seq ${seq}: ${reason}. ${intact} rows before it are intact.` });

    // modified: one field of one row
    expect(await tamperAndVerify((s) => sql`UPDATE audit_log SET detail = '{"type":"CANCEL","version":3}' WHERE seq = 3`.execute(s.db).then(() => {}))).toEqual(broken(3, changed));
    // modified together with its link's hash recomputed: the next link gives it away
    expect(
      await tamperAndVerify(async (s) => {
        const r3 = await s.db.selectFrom('audit_log').selectAll().where('seq', '=', 3 as never).executeTakeFirstOrThrow();
        const l3 = await s.db.selectFrom('audit_chain').selectAll().where('seq', '=', 3 as never).executeTakeFirstOrThrow();
        const forged = { seq: 3, at: new Date(r3.at), actorId: 'mallory', action: r3.action, caseId: r3.case_id, detail: r3.detail as Record<string, unknown> };
        await sql`UPDATE audit_log SET actor_id = 'mallory' WHERE seq = 3`.execute(s.db);
        await sql`UPDATE audit_chain SET hash = ${auditHash(l3.prev_hash, forged)} WHERE seq = 3`.execute(s.db);
      }),
    ).toEqual(broken(4, unlinked));
    // deleted: a row in the middle; and the row with its link
    expect(await tamperAndVerify((s) => sql`DELETE FROM audit_log WHERE seq = 3`.execute(s.db).then(() => {}))).toEqual(broken(3, 'the row was deleted'));
    expect(
      await tamperAndVerify(async (s) => {
        await sql`DELETE FROM audit_log WHERE seq = 3`.execute(s.db);
        await sql`DELETE FROM audit_chain WHERE seq = 3`.execute(s.db);
      }),
    ).toEqual(broken(4, 'a link of the chain is missing before this row', 2));
    // reordered: rows 3 and 4 trade places
    expect(
      await tamperAndVerify(async (s) => {
        await sql`UPDATE audit_log SET seq = 100 WHERE seq = 3`.execute(s.db);
        await sql`UPDATE audit_log SET seq = 3 WHERE seq = 4`.execute(s.db);
        await sql`UPDATE audit_log SET seq = 4 WHERE seq = 100`.execute(s.db);
      }),
    ).toEqual(broken(3, changed));
    // inserted: a row put in the log behind the chain's back
    expect(
      await tamperAndVerify((s) =>
        s.db.insertInto('audit_log').values({ at: new Date(Date.UTC(2026, 0, 5, 3, 30)), actor_id: 'mallory', action: 'case.event', case_id: null, detail: JSON.stringify({ type: 'REJECT' }) }).execute().then(() => {}),
      ),
    ).toEqual({ code: 1, out: 'Audit log BROKEN at seq 7: the row is not in the chain. 5 rows before it are intact.' });
    // inserted into the chain too, well-formed and linked after row 3: the next link gives it away
    expect(
      await tamperAndVerify(async (s) => {
        const l3 = await s.db.selectFrom('audit_chain').selectAll().where('seq', '=', 3 as never).executeTakeFirstOrThrow();
        const row = { seq: 50, at: new Date(Date.UTC(2026, 0, 5, 3, 30)), actorId: 'mallory', action: 'case.event', caseId: null, detail: { type: 'REJECT' } };
        await s.db.insertInto('audit_log').values({ seq: 50, at: row.at, actor_id: row.actorId, action: row.action, case_id: null, detail: JSON.stringify(row.detail) }).execute();
        await sql`UPDATE audit_chain SET chain_no = chain_no + 1000 WHERE chain_no > 3`.execute(s.db);
        await sql`UPDATE audit_chain SET chain_no = chain_no - 999 WHERE chain_no > 1000`.execute(s.db);
        await s.db.insertInto('audit_chain').values({ chain_no: 4, seq: 50, prev_hash: l3.hash, hash: auditHash(l3.hash, row) }).execute();
      }),
    ).toEqual(broken(4, unlinked, 4));
    // and after each tampering was undone, it is intact again
    expect(await verifyCli()).toEqual({ code: 0, out: 'Audit log intact: 5 rows checked, 1 written and not yet chained.' });
  }, 300_000);

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows, case events and published versions on the connection the server uses', async () => {
    const store = await openTestStore();
    await seedWorld(store);
    const app = await makeApp(store, new TestClock(START));
    const cookie = await login(app, 'monitor');
    const opened = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: { procedure: 'mini', data: { title: 'Hồ sơ ghi vết' } } });
    expect(opened.statusCode).toBe(201);
    for (const statement of [
      sql`UPDATE audit_log SET actor_id = 'mallory'`,
      sql`DELETE FROM audit_log`,
      sql`UPDATE case_events SET type = 'REJECT'`,
      sql`DELETE FROM case_events`,
      // TRUNCATE fires no row trigger: a statement trigger of its own refuses it
      sql`TRUNCATE audit_log`,
      sql`TRUNCATE audit_chain`,
      sql`TRUNCATE case_events CASCADE`,
      sql`TRUNCATE procedure_versions CASCADE`,
      sql`TRUNCATE audit_log, cases, case_events CASCADE`,
    ]) {
      await expect(statement.execute(store.db)).rejects.toThrow(/append-only/);
    }
    await app.qt.chainer.flush();
    expect(Number((await store.db.selectFrom('audit_chain').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
    expect(Number((await store.db.selectFrom('procedure_versions').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(1);
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true });
    await app.close();
    await closeTestStore(store);
  }, 120_000);
});

describe('the application role on PostgreSQL', () => {
  it('cannot UPDATE, DELETE, TRUNCATE audit rows or case events, nor switch their triggers off, and runs the server as usual', async () => {
    const db = await createScratchDatabase('qt_sec');
    const role = `qt_app_${randomBytes(4).toString('hex')}`;
    let owner: Store | null = null;
    let appStore: Store | null = null;
    try {
      // the owner (here the superuser) runs the migrations and grants, as docs describe
      owner = await openStore({ url: db.url });
      const migrated = await migrate(owner);
      expect(migrated.ok).toBe(true);
      await seedWorld(owner);
      await admin((c) => c.query(`CREATE ROLE ${role} LOGIN`));
      await sql.raw(GRANTS(role)).execute(owner.db);

      appStore = await openStore({ url: urlFor(db.name, role) });
      expect((await migrate(appStore)).ok).toBe(true); // nothing to do, and allowed to say so
      const app = await makeApp(appStore, new TestClock(START));
      const cookie = await login(app, 'monitor');
      const opened = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: { procedure: 'mini', data: { title: 'Chạy bằng vai trò ứng dụng' } } });
      expect(opened.statusCode, opened.body).toBe(201);
      const sent = await app.inject({ method: 'POST', url: `/api/cases/${opened.json().id}/events`, headers: { cookie }, payload: { type: 'SUBMIT', expectedVersion: 1 } });
      expect(sent.statusCode, sent.body).toBe(200);
      await app.qt.scheduler.runDue();

      for (const statement of [
        `UPDATE audit_log SET actor_id = 'mallory'`,
        `DELETE FROM audit_log`,
        `TRUNCATE audit_log`,
        `UPDATE case_events SET type = 'REJECT'`,
        `DELETE FROM case_events`,
        `TRUNCATE case_events CASCADE`,
        `ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`,
        `UPDATE audit_chain SET hash = 'forged'`,
        `DELETE FROM audit_chain`,
        `DROP TRIGGER case_events_append_only ON case_events`,
        `SET session_replication_role = replica`,
      ]) {
        const err = await sql.raw(statement).execute(appStore.db).then(
          () => null,
          (e: { code?: string }) => e,
        );
        expect(err?.code, statement).toBe('42501'); // insufficient privilege
      }
      const count = async (table: 'audit_log' | 'case_events') => Number((await owner!.db.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      expect(await count('case_events')).toBe(2);
      expect(await count('audit_log')).toBeGreaterThanOrEqual(3);
      await app.close(); // chains what it wrote: the role may add links and empty the queue
      expect(await verifyAudit(owner.db)).toMatchObject({ ok: true, pending: 0 });
      expect((await verifyAudit(owner.db) as { checked: number }).checked).toBeGreaterThanOrEqual(3);
    } finally {
      await appStore?.close();
      await owner?.close();
      await db.drop();
      await admin((c) => c.query(`DROP ROLE IF EXISTS ${role}`));
    }
  }, 180_000);
});

/** What an operator runs once, as the owner, for the role the server connects as (README "Security"). */
function GRANTS(role: string): string {
  const r = pg.escapeIdentifier(role);
  return `
    GRANT USAGE ON SCHEMA public TO ${r};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r};
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_chain, case_events, procedure_versions FROM ${r};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r};`;
}
