// Test databases: one per test file, embedded PGlite in memory, or — with DATABASE_URL — a schema
// of its own on that PostgreSQL server so files running side by side do not meet.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { migrate, openStore, type Store } from '../../server/db/connect.ts';

export const onPostgres = !!process.env.DATABASE_URL;
export const dbLabel = onPostgres ? 'postgres' : 'pglite';

export async function openTestStore(opts: { dataDir?: string; schema?: string } = {}): Promise<Store> {
  const store = onPostgres
    ? await openStore({ url: process.env.DATABASE_URL!, schema: opts.schema ?? `qt_test_${randomBytes(5).toString('hex')}` })
    : await openStore({ dataDir: opts.dataDir ?? 'memory://' });
  const report = await migrate(store);
  if (!report.ok) throw report.error;
  return store;
}

const TABLES = ['audit_log', 'attachments', 'timers', 'case_events', 'cases', 'procedure_drafts', 'procedure_versions', 'procedures', 'sessions', 'users', 'units'];

/** Empties every table (TRUNCATE does not fire the append-only triggers). */
export async function resetStore(store: Store): Promise<void> {
  await sql`TRUNCATE ${sql.join(TABLES.map((t) => sql.table(t)))} RESTART IDENTITY CASCADE`.execute(store.db);
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
