// Where the database's schema stands against the migrations this code knows: forward-only, so a
// database with a migration the code does not know was upgraded by a newer release and is refused.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { migrationProvider } from './migrations/index.ts';

export interface MigrationStatus {
  /** known to this code, not yet run on the database */
  pending: string[];
  /** run on the database by a newer release, unknown to this code */
  unknown: string[];
}

/** Kysely's own table of the migrations run; absent before the first start. */
export async function migrationStatus(store: { db: Kysely<Database>; schema?: string }): Promise<MigrationStatus> {
  const known = Object.keys(await migrationProvider.getMigrations());
  const table = store.schema ? sql`${sql.id(store.schema)}.kysely_migration` : sql`kysely_migration`;
  const exists = await sql<{ t: string | null }>`SELECT to_regclass(${store.schema ? `${store.schema}.kysely_migration` : 'kysely_migration'}) AS t`.execute(store.db);
  const run = exists.rows[0]?.t ? (await sql<{ name: string }>`SELECT name FROM ${table}`.execute(store.db)).rows.map((r) => r.name) : [];
  const done = new Set(run);
  const knownSet = new Set(known);
  return { pending: known.filter((n) => !done.has(n)), unknown: run.filter((n) => !knownSet.has(n)).sort() };
}
