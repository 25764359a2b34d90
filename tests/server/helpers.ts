// Test databases: one per test file, embedded PGlite in memory, or — with DATABASE_URL — a schema
// of its own on that PostgreSQL server so files running side by side do not meet.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { migrate, openStore, type Store } from '../../server/db/connect.ts';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../server/app.ts';
import { TestClock } from '../../server/clock.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { createUnit, createUser } from '../../server/stores/users.ts';
import { publishVersion } from '../../server/stores/procedures.ts';
import { APPEND_ONLY_TABLES } from '../../server/db/migrations/0015_append_only_truncate.ts';
import type { Procedure } from '../../engine/index.ts';

export const onPostgres = !!process.env.DATABASE_URL;
export const dbLabel = onPostgres ? 'postgres' : 'pglite';

export async function openTestStore(opts: { dataDir?: string; schema?: string; skipMigrations?: boolean } = {}): Promise<Store> {
  const store = onPostgres
    ? await openStore({ url: process.env.DATABASE_URL!, schema: opts.schema ?? `qt_test_${randomBytes(5).toString('hex')}` })
    : await openStore({ dataDir: opts.dataDir ?? 'memory://' });
  if (opts.skipMigrations) return store;
  const report = await migrate(store);
  if (!report.ok) throw report.error;
  return store;
}

const TABLES = ['outbox', 'audit_log', 'audit_chain', 'audit_pending', 'attachments', 'timers', 'case_events', 'cases', 'procedure_drafts', 'procedure_versions', 'procedures', 'sessions', 'users', 'units'];

/** Empties every table, the append-only ones' refusal of TRUNCATE (migration 0015) switched off meanwhile. */
export async function resetStore(store: Store): Promise<void> {
  // An app's audit chainer may still be linking the previous test's rows (it runs after each
  // write): its locks and TRUNCATE's can deadlock, and PostgreSQL then cancels one of the two.
  for (let attempt = 1; ; attempt++) {
    try {
      await store.db.transaction().execute(async (tx) => {
        for (const t of APPEND_ONLY_TABLES) await sql`ALTER TABLE ${sql.table(t)} DISABLE TRIGGER ${sql.raw(t + '_no_truncate')}`.execute(tx);
        await sql`TRUNCATE ${sql.join(TABLES.map((t) => sql.table(t)))} RESTART IDENTITY CASCADE`.execute(tx);
        for (const t of APPEND_ONLY_TABLES) await sql`ALTER TABLE ${sql.table(t)} ENABLE TRIGGER ${sql.raw(t + '_no_truncate')}`.execute(tx);
      });
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== '40P01' || attempt === 5) throw err;
    }
  }
  await sql`ALTER SEQUENCE case_number_seq RESTART`.execute(store.db);
}

/** Closes the store and, on PostgreSQL, drops its schema. */
export async function closeTestStore(store: Store, opts: { keep?: boolean } = {}): Promise<void> {
  await store.close();
  if (store.schema && !opts.keep) {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(store.schema)} CASCADE`).finally(() => client.end());
  }
}

// ------------------------------------------------------------------ a small world for the routes

export const PASSWORD = 'mật-khẩu-thử';
let passwordHash: Promise<string> | null = null;

export const fixture = (name: string): Procedure =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
export const referenceProcedure = (): Procedure =>
  JSON.parse(readFileSync(new URL('../../workflows/harmful-content.json', import.meta.url), 'utf8'));

export const START = '2026-01-05T02:00:00.000Z';

/** Unit A with one user per role, unit B with a monitor; ids are fixed so bodies compare whole. */
export const UNIT_A = 'unit-a';
export const UNIT_B = 'unit-b';
export const USERS = {
  admin: { unit: UNIT_A, roles: ['admin'] },
  monitor: { unit: UNIT_A, roles: ['monitor'] },
  monitorBis: { unit: UNIT_A, roles: ['monitor'] },
  verifier: { unit: UNIT_A, roles: ['verifier'] },
  lead: { unit: UNIT_A, roles: ['lead'] },
  liaison: { unit: UNIT_A, roles: ['liaison'] },
  secretariat: { unit: UNIT_A, roles: ['secretariat'] },
  observer: { unit: UNIT_A, roles: ['observer'] },
  monitor2: { unit: UNIT_B, roles: ['monitor'] },
} as const;
export type UserName = keyof typeof USERS;

export interface World {
  ids: Record<UserName, string>;
}

/** Fills an empty database: two units, the users, the mini procedure (and the reference one). */
export async function seedWorld(store: Store, opts: { reference?: boolean } = {}): Promise<World> {
  const now = new Date(START);
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  await createUnit(store.db, 'Đơn vị A', now, UNIT_A);
  await createUnit(store.db, 'Đơn vị B', now, UNIT_B);
  const ids = {} as Record<UserName, string>;
  for (const [name, u] of Object.entries(USERS) as [UserName, (typeof USERS)[UserName]][]) {
    ids[name] = await createUser(store.db, { username: name, displayName: `Người ${name}`, unitId: u.unit, roles: [...u.roles], passwordHash: hash }, now);
  }
  await publishVersion(store.db, fixture('mini'), 'system', 'fixture', now);
  if (opts.reference) await publishVersion(store.db, referenceProcedure(), 'system', 'reference', now);
  return { ids };
}

export async function makeApp(store: Store, clock: TestClock, opts: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  const app = await buildApp({
    store,
    clock,
    sessionTtl: 'P60D',
    loginRateLimit: { max: 1000, timeWindowMs: 60_000 },
    loginIpRateLimit: { max: 10_000, timeWindowMs: 60_000 },
    loginLockout: { failures: 1000, windowMs: 60_000 },
    ...opts,
  });
  await app.ready();
  return app;
}

/** Signs in and returns the Cookie header to send. */
export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'qt_session')!;
  return `qt_session=${c.value}`;
}

/** Signs in every user of the world once. */
export async function loginAll(app: FastifyInstance): Promise<Record<UserName, string>> {
  const out = {} as Record<UserName, string>;
  for (const name of Object.keys(USERS) as UserName[]) out[name] = await login(app, name);
  return out;
}

export { TestClock };

export interface TestApp {
  store: Store;
  app: FastifyInstance;
  clock: TestClock;
  world: World;
  /** every user of the world signed in (empty with `login: false`) */
  cookies: Record<UserName, string>;
  /** empties, seeds and signs in again, as before each test (for a property test's runs) */
  fresh: () => Promise<void>;
}

/**
 * A test file's app on its own store: opened once, and before each test (with `once`: once, for
 * tests that build on each other's data) emptied, seeded (the reference procedure too with
 * `reference`), the clock at START and, unless `login: false`, every user signed in; `listen`:
 * on a real port too (WebSocket tests). Read the fields inside tests and hooks (they are set by
 * then); a file's own `beforeAll`, registered after this call, runs after it.
 */
export function useTestApp(
  opts: { reference?: boolean; login?: boolean; listen?: boolean; once?: boolean; app?: Partial<AppOptions> } = {},
): TestApp {
  const t = { clock: new TestClock(START), cookies: {} } as TestApp;
  const fresh = async () => {
    await resetStore(t.store);
    t.app.qt.procedures.clear();
    t.clock.set(START);
    t.world = await seedWorld(t.store, { reference: opts.reference });
    t.cookies = opts.login === false ? ({} as Record<UserName, string>) : await loginAll(t.app);
  };
  t.fresh = fresh;
  beforeAll(async () => {
    t.store = await openTestStore();
    t.app = await makeApp(t.store, t.clock, opts.app);
    if (opts.listen) await t.app.listen({ port: 0, host: '127.0.0.1' });
    if (opts.once) await fresh();
  }, 180_000); // opening a store while every other test file opens its own can be slow
  afterAll(async () => {
    await t.app.close();
    await closeTestStore(t.store);
  });
  if (!opts.once) beforeEach(fresh);
  return t;
}

/** A multipart/form-data body with one file field, for app.inject. */
export function multipart(filename: string, contentType: string, content: Buffer, field = 'file') {
  const boundary = '----quytrinh' + randomBytes(8).toString('hex');
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** The whole error body the server answers, in the language the request asked for. */
export function errorBody(code: string, messages: { vi: string; en: string }, details: unknown[] = [], lang: 'vi' | 'en' = 'vi') {
  return { error: { code, message: messages[lang], messages, details } };
}

/** A test file's store: opened once, emptied before each test unless `reset: false`, closed at the end. */
export function useTestStore(opts: { reset?: boolean } = {}): { store: Store } {
  const t = {} as { store: Store };
  beforeAll(async () => {
    t.store = await openTestStore();
  });
  afterAll(() => closeTestStore(t.store));
  if (opts.reset !== false) beforeEach(() => resetStore(t.store));
  return t;
}
