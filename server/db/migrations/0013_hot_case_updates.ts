// An event that changes no indexed column of its case (a comment, a field edited in place) is
// written as a HOT update: the new row version goes on the same page and no index gets an entry
// (bench/README.md, scenario 2: −17 % WAL and −12 % database CPU per comment). Two indexes
// named columns that every event changes:
// - `cases_list_idx` broke ties between equal deadlines (cases without one, mostly) by
//   `updated_at`: the inbox now breaks them by `opened_at`, newest first.
// - `cases_last_seq_idx` served the live catch-up ("every case changed after seq N"): it now
//   walks the events after N (`case_events` is keyed by seq; `casesChangedSince`).
// Pages of `cases` keep 15 % free so that the new version of a row fits beside the old one.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS cases_last_seq_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS cases_list_idx`.execute(db);
  await sql`CREATE INDEX cases_list_idx ON cases (due_at ASC NULLS LAST, opened_at DESC, id)`.execute(db);
  await sql`ALTER TABLE cases SET (fillfactor = 85)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases RESET (fillfactor)`.execute(db);
  await sql`DROP INDEX IF EXISTS cases_list_idx`.execute(db);
  await sql`CREATE INDEX cases_list_idx ON cases (due_at ASC NULLS LAST, updated_at DESC, id)`.execute(db);
  await sql`CREATE INDEX cases_last_seq_idx ON cases (last_seq)`.execute(db);
}
