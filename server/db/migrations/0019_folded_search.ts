// Search that ignores diacritics and case: "cong an tinh" finds "Công an tỉnh". Every search
// document is folded (NFC, Vietnamese and Latin letters to their bare lower-case letter, đ → d)
// by `quytrinh_fold`, and the query is folded by the same function, so PGlite and PostgreSQL
// agree whatever their locale (no `unaccent`, which PGlite lacks). The case's document holds the
// values, not the JSON, of its fields. Lists of entries (comment threads) are searched too, one
// row per entry in `case_search_entries`: a comment adds one small row to the index instead of
// rewriting the case's whole document (the cost 0009 removed). The event statement keeps the
// entries of the versions it writes (0012's setting); the trigger rebuilds them for other writers.
import { sql, type Kysely } from 'kysely';

/** The folding table: each accented Latin letter (and Đ, đ, A–Z) → its bare lower-case letter. */
function foldTable(): { from: string; to: string } {
  let from = 'Đđ';
  let to = 'dd';
  for (let c = 0x41; c <= 0x5a; c++) {
    from += String.fromCharCode(c);
    to += String.fromCharCode(c + 32);
  }
  for (const [lo, hi] of [
    [0xc0, 0x24f],
    [0x1e00, 0x1eff],
  ] as const) {
    for (let c = lo; c <= hi; c++) {
      const ch = String.fromCodePoint(c);
      const bare = ch.normalize('NFD').replace(/\p{M}/gu, '');
      if (bare !== ch && /^[A-Za-z]$/.test(bare)) {
        from += ch;
        to += bare.toLowerCase();
      }
    }
  }
  return { from, to };
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const { from, to } = foldTable();
  await sql`
    CREATE FUNCTION quytrinh_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT translate(normalize(t, NFC), ${sql.raw(quote(from))}, ${sql.raw(quote(to))})
    $$`.execute(db);
  await sql`
    CREATE FUNCTION quytrinh_is_entry_list(v jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
      SELECT jsonb_typeof(v) = 'array' AND jsonb_path_exists(v, '$[*] ? (@.type() == "object")')
    $$`.execute(db);
  await sql`
    CREATE FUNCTION quytrinh_values_text(v jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT string_agg(x #>> '{}', ' ') FROM jsonb_path_query(v, 'strict $.** ? (@.type() == "string" || @.type() == "number")') x
    $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION quytrinh_search_doc(number text, data jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT quytrinh_fold(number || coalesce(' ' || (
        SELECT string_agg(quytrinh_values_text(f.value), ' ') FROM jsonb_each(data) f WHERE NOT quytrinh_is_entry_list(f.value)
      ), ''))
    $$`.execute(db);
  await sql`
    CREATE TABLE case_search_entries (
      case_id text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
      field text NOT NULL,
      n int NOT NULL,
      doc text NOT NULL,
      PRIMARY KEY (case_id, field, n)
    )`.execute(db);
  // Brings a case's entry rows to its data: new and changed entries written, vanished ones removed.
  await sql`
    CREATE FUNCTION quytrinh_sync_entries(id text, data jsonb) RETURNS int LANGUAGE plpgsql AS $$
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
      INSERT INTO case_search_entries (case_id, field, n, doc) SELECT id, e.field, e.n, e.doc FROM e
      ON CONFLICT (case_id, field, n) DO UPDATE SET doc = EXCLUDED.doc WHERE case_search_entries.doc IS DISTINCT FROM EXCLUDED.doc;
      RETURN 1;
    END
    $$`.execute(db);
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
      PERFORM quytrinh_sync_entries(NEW.id, NEW.data);
      RETURN NULL;
    END
    $$`.execute(db);
  await sql`UPDATE case_search s SET doc = quytrinh_search_doc(c.number, c.data) FROM cases c WHERE c.id = s.case_id`.execute(db);
  await sql`SELECT quytrinh_sync_entries(id, data) FROM cases WHERE jsonb_path_exists(data, '$.*[*] ? (@.type() == "object")')`.execute(db);
  const { rows } = await sql<{ schema: string }>`SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'pg_trgm'`.execute(db);
  await sql`CREATE INDEX case_search_entries_doc_idx ON case_search_entries USING gin (doc ${sql.raw(`${rows[0]!.schema}.gin_trgm_ops`)})`.execute(db);
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
