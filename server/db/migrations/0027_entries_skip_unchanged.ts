// A comment thread's search rows used to be rebuilt from the whole thread at every event that
// changed it: every entry folded again (translate over a ~300-letter table) and upserted, the rows
// already right locked by ON CONFLICT DO UPDATE … WHERE — ~1.2 ms of the database per COMMENT on
// the bench's threads, its events/s down sixfold. The event statement now sends what changed
// (server/stores/cases.ts entryListChanges) and quytrinh_sync_entry_changes writes only that;
// the whole-thread sync (inserts, other writers) writes only new and changed entries.
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
  // changes: { entries: [{ f, n, e }], lens: { field: new length } } — rows past a list's length go
  await sql`
    CREATE FUNCTION quytrinh_sync_entry_changes(id text, changes jsonb) RETURNS int LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM case_search_entries s USING jsonb_each_text(changes->'lens') l
        WHERE s.case_id = id AND s.field = l.key AND s.n >= l.value::int;
      INSERT INTO case_search_entries (case_id, field, n, doc)
      SELECT id, x.f, x.n, quytrinh_fold(coalesce(quytrinh_values_text(x.e), ''))
      FROM jsonb_to_recordset(changes->'entries') AS x(f text, n int, e jsonb)
      ON CONFLICT (case_id, field, n) DO UPDATE SET doc = EXCLUDED.doc;
      RETURN 1;
    END
    $$`.execute(db);
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
