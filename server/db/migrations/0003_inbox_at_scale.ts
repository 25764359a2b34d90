// The inbox at a million cases: counts per state kept by a trigger instead of counted on every
// request, and free-text search served by a trigram index.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // In `public` where we create it: a schema of our own (tests, QUYTRINH_DB_SCHEMA) may be
  // dropped with CASCADE, and the extension must not go with it.
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`.execute(db);
  // The extension may live in a schema off the search path (installed earlier for another schema,
  // e.g. QUYTRINH_DB_SCHEMA): name its operator class with its schema.
  const { rows } = await sql<{ schema: string }>`SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'pg_trgm'`.execute(db);
  const ops = sql.raw(`${rows[0]!.schema}.gin_trgm_ops`); // regnamespace::text is already quoted as needed
  await sql`CREATE INDEX cases_search_idx ON cases USING gin ((number || ' ' || data::text) ${ops})`.execute(db);
  await sql`CREATE INDEX cases_assignee_user_idx ON cases (assignee_user_id) WHERE assignee_user_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX cases_assignee_unit_idx ON cases (assignee_unit_id) WHERE assignee_unit_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE case_counts (
      procedure_key text NOT NULL,
      unit_id text NOT NULL,
      state text NOT NULL,
      status text NOT NULL,
      category text NOT NULL,
      platform text NOT NULL,
      overdue boolean NOT NULL,
      work_roles text[] NOT NULL,
      n bigint NOT NULL,
      PRIMARY KEY (procedure_key, unit_id, state, status, category, platform, overdue, work_roles)
    )`.execute(db);
  await sql`
    CREATE FUNCTION case_counts_add(k case_counts, delta bigint) RETURNS void LANGUAGE sql AS $$
      INSERT INTO case_counts VALUES (k.procedure_key, k.unit_id, k.state, k.status, k.category, k.platform, k.overdue, k.work_roles, delta)
      ON CONFLICT (procedure_key, unit_id, state, status, category, platform, overdue, work_roles)
      DO UPDATE SET n = case_counts.n + EXCLUDED.n
    $$`.execute(db);
  // Two counter rows change per update; taking them in key order keeps writers from deadlocking.
  await sql`
    CREATE FUNCTION case_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      o case_counts;
      w case_counts;
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        o := ROW(OLD.procedure_key, OLD.unit_id, OLD.state, OLD.status, coalesce(OLD.category, ''), coalesce(OLD.platform, ''), OLD.overdue, OLD.work_roles, 0);
      END IF;
      IF TG_OP <> 'DELETE' THEN
        w := ROW(NEW.procedure_key, NEW.unit_id, NEW.state, NEW.status, coalesce(NEW.category, ''), coalesce(NEW.platform, ''), NEW.overdue, NEW.work_roles, 0);
      END IF;
      IF TG_OP = 'INSERT' THEN
        PERFORM case_counts_add(w, 1);
      ELSIF TG_OP = 'DELETE' THEN
        PERFORM case_counts_add(o, -1);
      ELSIF o IS DISTINCT FROM w THEN
        IF (o.procedure_key, o.unit_id, o.state, o.status, o.category, o.platform, o.overdue, o.work_roles)
           < (w.procedure_key, w.unit_id, w.state, w.status, w.category, w.platform, w.overdue, w.work_roles) THEN
          PERFORM case_counts_add(o, -1);
          PERFORM case_counts_add(w, 1);
        ELSE
          PERFORM case_counts_add(w, 1);
          PERFORM case_counts_add(o, -1);
        END IF;
      END IF;
      RETURN NULL;
    END
    $$`.execute(db);
  await sql`CREATE TRIGGER case_counts_track AFTER INSERT OR UPDATE OR DELETE ON cases FOR EACH ROW EXECUTE FUNCTION case_counts_track()`.execute(db);
  // TRUNCATE (tests, resets) empties the counters too.
  await sql`
    CREATE FUNCTION case_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM case_counts;
      RETURN NULL;
    END
    $$`.execute(db);
  await sql`CREATE TRIGGER case_counts_truncate AFTER TRUNCATE ON cases FOR EACH STATEMENT EXECUTE FUNCTION case_counts_truncate()`.execute(db);
  await backfill(db);
}

/** Counts what is already there (also used by the bench after a bulk load without triggers). */
export async function backfill(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM case_counts`.execute(db);
  await sql`
    INSERT INTO case_counts
    SELECT procedure_key, unit_id, state, status, coalesce(category, ''), coalesce(platform, ''), overdue, work_roles, count(*)
    FROM cases GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER case_counts_truncate ON cases`.execute(db);
  await sql`DROP TRIGGER case_counts_track ON cases`.execute(db);
  await sql`DROP FUNCTION case_counts_truncate()`.execute(db);
  await sql`DROP FUNCTION case_counts_track()`.execute(db);
  await sql`DROP FUNCTION case_counts_add(case_counts, bigint)`.execute(db);
  await sql`DROP TABLE case_counts`.execute(db);
  await sql`DROP INDEX cases_assignee_unit_idx`.execute(db);
  await sql`DROP INDEX cases_assignee_user_idx`.execute(db);
  await sql`DROP INDEX cases_search_idx`.execute(db);
}
