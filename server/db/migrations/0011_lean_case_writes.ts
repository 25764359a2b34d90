// Less work for the database at every event (bench/README.md, scenario 2):
// - `cases_data_idx`, a GIN index over every path of a case's data, served no query (filters use
//   the category and platform columns, free text `case_search`) yet took every value of the data
//   at every event, comment threads included.
// - The large JSON values (a case's snapshot and data, an event's data, audit details) are
//   compressed with lz4 where the server has it (PostgreSQL 14+ built with lz4, as Debian's is);
//   PostgreSQL's own pglz was ~12 % of the database's CPU on the event path. Values already
//   stored keep their compression; PGlite has no lz4 and keeps pglz.
import { sql, type Kysely } from 'kysely';

const COLUMNS: [table: string, column: string][] = [
  ['cases', 'snapshot'],
  ['cases', 'data'],
  ['case_events', 'data'],
  ['case_events', 'response'],
  ['audit_log', 'detail'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS cases_data_idx`.execute(db);
  const alters = COLUMNS.map(([t, c]) => `ALTER TABLE ${t} ALTER COLUMN ${c} SET COMPRESSION lz4;`).join(' ');
  await sql
    .raw(
      `DO $$ BEGIN ${alters}
       EXCEPTION WHEN feature_not_supported THEN NULL; -- built without lz4: pglz stays
       END $$`,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
