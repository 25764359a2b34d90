// The restore drill: open cases (with an uploaded file, timers, audit rows), back up, wipe,
// restore, and every row is back and the audit chain verifies; a database holding data is not
// overwritten without --force; a missing pg_dump is said plainly. PostgreSQL: scratch databases.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrate, openStore, type OpenOptions } from '../../server/db/connect.ts';
import { chainAllAudit, verifyAudit } from '../../server/stores/audit.ts';
import { backup, backupKind, restore } from '../../server/ops/backup.ts';
import { createScratchDatabase, type ScratchDatabase } from '../reliability/scratch-pg.ts';
import { dbLabel, loginAll, makeApp, multipart, onPostgres, PNG, seedWorld, TestClock, START } from './helpers.ts';

const TABLES = ['units', 'users', 'procedures', 'procedure_versions', 'cases', 'case_events', 'timers', 'attachments', 'audit_log', 'audit_chain', 'audit_pending', 'case_search', 'case_counts', 'kysely_migration'];

/** Every row of every table, as text, in a stable order. */
async function everything(db: OpenOptions): Promise<Record<string, string[]>> {
  const store = await openStore(db);
  try {
    const out: Record<string, string[]> = {};
    for (const t of TABLES) {
      const { rows } = await sql<{ r: string }>`SELECT to_jsonb(x)::text AS r FROM ${sql.table(t)} x`.execute(store.db);
      out[t] = rows.map((r) => r.r).sort();
    }
    return out;
  } finally {
    await store.close();
  }
}

describe(`backup and restore on ${dbLabel}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'qt-backup-'));
  const scratch: ScratchDatabase[] = [];
  const database = async (): Promise<OpenOptions> => {
    if (!onPostgres) return { dataDir: join(dir, `data-${scratch.length}-${Math.random().toString(36).slice(2)}`) };
    const s = await createScratchDatabase('qt_backup');
    scratch.push(s);
    return { url: s.url };
  };
  afterAll(async () => {
    for (const s of scratch) await s.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('brings back every case, event, file and audit row, and the chain verifies', async () => {
    const source = await database();
    const store = await openStore(source);
    expect((await migrate(store)).ok).toBe(true);
    await seedWorld(store);
    const clock = new TestClock(START);
    const app = await makeApp(store, clock);
    const cookies = await loginAll(app);
    const up = multipart('bằng-chứng.png', 'image/png', PNG);
    const file = await app.inject({ method: 'POST', url: '/api/attachments', payload: up.payload, headers: { ...up.headers, cookie: cookies.monitor } });
    expect(file.statusCode, file.body).toBe(201);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const data = { title: `Trang giả mạo ${i}`, ...(i === 0 ? { evidence: [file.json().id] } : {}) };
      const c = await app.inject({ method: 'POST', url: '/api/cases', payload: { procedure: 'mini', data }, headers: { cookie: cookies.monitor } });
      expect(c.statusCode, c.body).toBe(201);
      ids.push(c.json().id);
    }
    for (const id of ids.slice(1)) {
      const r = await app.inject({ method: 'POST', url: `/api/cases/${id}/events`, payload: { type: 'SUBMIT' }, headers: { cookie: cookies.monitor } });
      expect(r.statusCode, r.body).toBe(200);
    }
    await app.close();
    await chainAllAudit(store.db);
    await store.close();
    const before = await everything(source);
    expect(before.cases).toHaveLength(3);
    expect(before.attachments).toHaveLength(1);
    expect(before.timers.length).toBeGreaterThan(0);
    expect(before.audit_chain.length).toBeGreaterThan(5);

    const archive = join(dir, `drill-${dbLabel}.backup`);
    await backup(source, archive);

    // wiped: a new, empty database
    const target = await database();
    await restore(target, archive);
    expect(await everything(target)).toEqual(before);
    const restored = await openStore(target);
    try {
      expect(await verifyAudit(restored.db)).toEqual({ ok: true, checked: before.audit_chain.length, pending: 0 });
      const png = await restored.db.selectFrom('attachments').select('content').executeTakeFirstOrThrow();
      expect(Buffer.from(png.content).equals(PNG)).toBe(true);
      // it runs: the restored database takes new writes after its migrations check
      expect(await migrate(restored)).toEqual({ ok: true, applied: [] });
    } finally {
      await restored.close();
    }

    // over a database that holds data: refused, then replaced with --force
    await expect(restore(source, archive)).rejects.toMatchObject({ code: 'QT_RESTORE_NOT_EMPTY' });
    await restore(source, archive, { force: true });
    expect(await everything(source)).toEqual(before);
  }, 240_000);

  it('refuses a file that is not a backup of this kind of database', async () => {
    const junk = join(dir, 'junk.backup');
    writeFileSync(junk, 'not a backup');
    expect(backupKind(Buffer.from('PGDMP\u0001'))).toBe('postgres');
    expect(backupKind(Buffer.from([0x1f, 0x8b, 8]))).toBe('pglite');
    await expect(restore(await database(), junk)).rejects.toMatchObject({ code: 'QT_BACKUP_UNREADABLE' });
    await expect(restore(await database(), join(dir, 'missing.backup'))).rejects.toMatchObject({ code: 'QT_BACKUP_UNREADABLE' });
  });

  it('says plainly when pg_dump is not on the PATH', async () => {
    const url = 'postgres://postgres@127.0.0.1:5432/none';
    await expect(backup({ url }, join(dir, 'x.backup'), { env: { PATH: dir } })).rejects.toMatchObject({
      code: 'QT_BACKUP_TOOL_MISSING',
      messages: { vi: expect.stringContaining('pg_dump'), en: expect.stringContaining('PATH') },
    });
  });
});
