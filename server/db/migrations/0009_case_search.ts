// Free-text search in a table of its own. A trigram index on `cases` itself was given new entries
// for every trigram of the whole case at every event (an update that changes indexed columns
// re-indexes all of the row's indexes), so an event on a case with a long comment thread cost
// time in proportion to the thread. `case_search` holds one document per case — its number and
// every recorded field except lists of entries (comment threads and the like) — and is
// rewritten only when that document changes.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION quytrinh_search_doc(number text, data jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT number || ' ' || coalesce((
        SELECT jsonb_object_agg(key, value) FROM jsonb_each(data)
        WHERE NOT (jsonb_typeof(value) = 'array' AND jsonb_path_exists(value, '$[*] ? (@.type() == "object")'))
      ), '{}'::jsonb)::text
    $$`.execute(db);
  await sql`CREATE TABLE case_search (case_id text PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE, doc text NOT NULL)`.execute(db);
  await sql`
    CREATE FUNCTION case_search_track() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE d text := quytrinh_search_doc(NEW.number, NEW.data);
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO case_search VALUES (NEW.id, d);
      ELSE
        UPDATE case_search SET doc = d WHERE case_id = NEW.id AND doc IS DISTINCT FROM d;
      END IF;
      RETURN NULL;
    END
    $$`.execute(db);
  await sql`CREATE TRIGGER case_search_track AFTER INSERT OR UPDATE OF number, data ON cases FOR EACH ROW EXECUTE FUNCTION case_search_track()`.execute(db);
  await backfill(db);
  const { rows } = await sql<{ schema: string }>`SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'pg_trgm'`.execute(db);
  await sql`CREATE INDEX case_search_doc_idx ON case_search USING gin (doc ${sql.raw(`${rows[0]!.schema}.gin_trgm_ops`)})`.execute(db);
  await sql`DROP INDEX cases_search_idx`.execute(db);
}

/** Builds the documents of existing cases (also used by the bench after a bulk load without triggers). */
export async function backfill(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM case_search`.execute(db);
  await sql`INSERT INTO case_search SELECT id, quytrinh_search_doc(number, data) FROM cases`.execute(db);
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
