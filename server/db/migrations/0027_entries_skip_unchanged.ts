// A comment thread's search rows are brought up to date at every event that changes a thread;
// the rows already right used to go through INSERT … ON CONFLICT DO UPDATE … WHERE, which takes a
// row lock on each (a WAL record and a dirty page per comment already there, per event: the
// bench's events/s fell sixfold on cases with threads). Now only new and changed entries are
// written; the others are only read.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION quytrinh_sync_entries(id text, data jsonb) RETURNS int LANGUAGE plpgsql AS $$
    BEGIN
      WITH e AS (
        SELECT f.key AS field, (x.n - 1)::int AS n, quytrinh_fold(coalesce(quytrinh_values_text(x.entry), '')) AS doc
        FROM jsonb_each(data) f, jsonb_array_elements(f.value) WITH ORDINALITY AS x(entry, n)
        WHERE quytrinh_is_entry_list(f.value)
      ),
      gone AS (
        DELETE FROM case_search_entries s WHERE s.case_id = id
          AND NOT EXISTS (SELECT 1 FROM e WHERE e.field = s.field AND e.n = s.n)
      )
      INSERT INTO case_search_entries (case_id, field, n, doc)
      SELECT id, e.field, e.n, e.doc FROM e
      WHERE NOT EXISTS (SELECT 1 FROM case_search_entries s WHERE s.case_id = id AND s.field = e.field AND s.n = e.n AND s.doc = e.doc)
      ON CONFLICT (case_id, field, n) DO UPDATE SET doc = EXCLUDED.doc;
      RETURN 1;
    END
    $$`.execute(db);
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
