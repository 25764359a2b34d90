// The search document of a case (0009) was rebuilt by its trigger at every event to see whether it
// changed — 0.45 ms of a 16-event write statement's 2.3 ms, for events (comments, most steps)
// that never change it. The event statement (server/events/write-event.ts) now keeps the documents of
// the case versions it writes itself, rewriting one only when the server saw the searchable
// fields change, and names those versions ("id:version") in a transaction-local setting; the
// trigger passes over exactly those and still rebuilds the document for every other writer.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION case_search_track() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE d text;
    BEGIN
      IF TG_OP = 'UPDATE'
         AND strpos(coalesce(current_setting('quytrinh.search_kept', true), ''), ',' || NEW.id || ':' || NEW.version || ',') > 0 THEN
        RETURN NULL;
      END IF;
      d := quytrinh_search_doc(NEW.number, NEW.data);
      IF TG_OP = 'INSERT' THEN
        INSERT INTO case_search VALUES (NEW.id, d);
      ELSE
        UPDATE case_search SET doc = d WHERE case_id = NEW.id AND doc IS DISTINCT FROM d;
      END IF;
      RETURN NULL;
    END
    $$`.execute(db);
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
