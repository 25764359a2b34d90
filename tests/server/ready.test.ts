// /api/ready: ready only when the database answers, its migrations are not behind this code's, and
// timers run on time; a database upgraded by a newer release is refused at start-up, with a message
// in both languages, while a process already running on it stays ready (a rolling upgrade).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Migrator, sql } from 'kysely';
import { migrate } from '../../server/db/connect.ts';
import { migrationStatus } from '../../server/db/migration-status.ts';
import { migrationProvider } from '../../server/db/migrations/index.ts';
import { ErrorCatalog } from '../../server/errors.ts';
import { closeTestStore, dbLabel, makeApp, onPostgres, openTestStore, useTestApp } from './helpers.ts';

const FUTURE = '9999_from_a_newer_release';
const ROOT = new URL('../..', import.meta.url).pathname;

describe(`readiness on ${dbLabel}`, () => {
  const t = useTestApp({ login: false, app: { schedulerIntervalMs: 5_000 } });
  const ready = (lang = 'en') => t.app.inject({ method: 'GET', url: '/api/ready', headers: { 'accept-language': lang } });

  it('is ready when the database answers, its migrations are current and timers ran lately', async () => {
    await t.app.qt.scheduler.runDue();
    const res = await ready();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'current', timers: 'running' }, reasons: [] });
  });

  it('is not ready while timers are late, and ready again once they run', async () => {
    await t.app.qt.scheduler.runDue();
    t.clock.advance('PT31S');
    const late = await ready('vi');
    expect(late.statusCode).toBe(503);
    expect(late.json()).toEqual({
      status: 'not_ready',
      checks: { database: 'ok', migrations: 'current', timers: 'late' },
      reasons: [{ code: 'QT_TIMERS_NOT_RUNNING', message: ErrorCatalog.QT_TIMERS_NOT_RUNNING.message.vi }],
    });
    await t.app.qt.scheduler.runDue();
    expect((await ready()).statusCode).toBe(200);
  });

  it('is not ready without timers (a process started without them)', async () => {
    const bare = await makeApp(t.store, t.clock);
    try {
      const res = await bare.inject({ method: 'GET', url: '/api/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json().checks.timers).toBe('stopped');
    } finally {
      await bare.close();
    }
  });

  it('stays ready when a newer release migrates the database under it (a rolling upgrade), and migrate refuses it', async () => {
    await t.app.qt.scheduler.runDue();
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${FUTURE}, ${new Date().toISOString()})`.execute(t.store.db);
    try {
      const res = await ready();
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'newer', timers: 'running' }, reasons: [] });
      const report = await migrate(t.store);
      expect(report).toMatchObject({ ok: false, applied: [], error: { code: 'QT_DATABASE_NEWER_THAN_CODE', details: [{ migration: FUTURE }] } });
    } finally {
      await sql`DELETE FROM kysely_migration WHERE name = ${FUTURE}`.execute(t.store.db);
    }
    expect((await ready()).json().checks.migrations).toBe('current');
  });
});

describe(`migrations on ${dbLabel}`, () => {
  it('names the pending ones, and runs them forward', async () => {
    const store = await openTestStore({ skipMigrations: true });
    try {
      const migrator = new Migrator({ db: store.db, provider: migrationProvider, ...(store.schema ? { migrationTableSchema: store.schema } : {}) });
      const names = Object.keys(await migrationProvider.getMigrations());
      expect(await migrationStatus(store)).toEqual({ pending: names, unknown: [] });
      expect((await migrator.migrateTo(names.at(-2)!)).error).toBeUndefined();
      expect(await migrationStatus(store)).toEqual({ pending: [names.at(-1)], unknown: [] });
      expect(await migrate(store)).toEqual({ ok: true, applied: [names.at(-1)] });
      expect(await migrationStatus(store)).toEqual({ pending: [], unknown: [] });
    } finally {
      await closeTestStore(store);
    }
  });

  it('refuses to start on a database a newer release migrated, saying so in Vietnamese and English', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'qt-newer-'));
    const store = await openTestStore(onPostgres ? {} : { dataDir });
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${FUTURE}, ${new Date().toISOString()})`.execute(store.db);
    await store.close();
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, QUYTRINH_DEMO: '0', QUYTRINH_ADMIN_PASSWORD: 'quản-trị-thử-đủ-dài', PORT: '0' };
      if (onPostgres) env.QUYTRINH_DB_SCHEMA = store.schema;
      else (delete env.DATABASE_URL, (env.QUYTRINH_DATA_DIR = dataDir));
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code, out).toBe(1);
      expect(out).toContain(ErrorCatalog.QT_DATABASE_NEWER_THAN_CODE.message.vi);
      expect(out).toContain(ErrorCatalog.QT_DATABASE_NEWER_THAN_CODE.message.en);
      expect(out).toContain(FUTURE);
      expect(out).not.toContain('quytrinh listening');
    } finally {
      await closeTestStore(store);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
