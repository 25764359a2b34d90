// The time per step at a million cases, still exact: stays are counted per Vietnamese day, step
// and log-spaced bucket of hours (5% wide), with each bucket's shortest and longest stay. A
// quarter's median and 90th percentile then read a few thousand counts to find the bucket that
// holds the wanted rank, and at most that one bucket's stays of the period (an index-only range
// scan) to find the stay itself — instead of sorting every stay of the quarter.
import { sql, type Kysely } from 'kysely';

/** The reporting day runs on Vietnamese time (UTC+7, no daylight saving), as in 0004. */
const DAY = (at: string) => `((${at} AT TIME ZONE 'UTC') + interval '7 hours')::date`;

/** Groups stays into buckets; the key columns of report_stay_buckets in their order. */
const BUCKET_OF = (s: string) =>
  `${DAY(`${s}.ended_at`)} AS day, ${s}.state AS state, ${s}.procedure_key AS procedure_key,
   ${s}.procedure_version AS procedure_version, report_stay_bucket(${s}.hours) AS bucket`;
const KEY = 'day, state, procedure_key, procedure_version, bucket';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Non-decreasing in hours, so buckets in order hold stays in order; below 36 s (0.01 h) is one bucket.
  await sql`
    CREATE FUNCTION report_stay_bucket(hours double precision) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN hours < 0.01 THEN 0 ELSE 1 + floor(ln(hours * 100) / ln(1.05))::integer END $$`.execute(db);
  await sql`
    CREATE TABLE report_stay_buckets (
      day date NOT NULL,
      state text NOT NULL,
      procedure_key text NOT NULL,
      procedure_version integer NOT NULL,
      bucket integer NOT NULL,
      n bigint NOT NULL,
      min_hours double precision NOT NULL,
      max_hours double precision NOT NULL,
      PRIMARY KEY (day, state, procedure_key, procedure_version, bucket)
    )`.execute(db);
  // The stays of one bucket of one step in a period, without visiting the table.
  await sql`CREATE INDEX case_stays_bucket_idx ON case_stays (state, report_stay_bucket(hours), ended_at) INCLUDE (hours)`.execute(db);

  // The report takes its count of cases opened from report_daily's OPEN events; these are the
  // OPEN events that open nothing (an action a procedure happens to name OPEN), normally none.
  await sql`CREATE INDEX case_events_open_later_idx ON case_events (at) WHERE type = 'OPEN' AND case_seq > 1`.execute(db);

  // Statement triggers with transition tables: one grouped upsert per statement, so the trigger
  // on case_events (one stay at a time) and a bulk roll-up (0004's backfill) both stay cheap.
  await sql.raw(`
    CREATE FUNCTION report_stays_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO report_stay_buckets
      SELECT ${BUCKET_OF('s')}, count(*), min(s.hours), max(s.hours)
      FROM added s GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT (${KEY}) DO UPDATE SET n = report_stay_buckets.n + EXCLUDED.n,
        min_hours = least(report_stay_buckets.min_hours, EXCLUDED.min_hours),
        max_hours = greatest(report_stay_buckets.max_hours, EXCLUDED.max_hours);
      RETURN NULL;
    END
    $$`).execute(db);
  await sql`
    CREATE TRIGGER report_stays_added AFTER INSERT ON case_stays
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION report_stays_added()`.execute(db);
  // A shortest or longest stay cannot be taken back: the buckets a delete touched are counted again.
  const touched = `(SELECT DISTINCT ${BUCKET_OF('r')} FROM removed r) t`;
  await sql.raw(`
    CREATE FUNCTION report_stays_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM report_stay_buckets b USING ${touched}
       WHERE b.day = t.day AND b.state = t.state AND b.procedure_key = t.procedure_key
         AND b.procedure_version = t.procedure_version AND b.bucket = t.bucket;
      INSERT INTO report_stay_buckets
      SELECT t.day, t.state, t.procedure_key, t.procedure_version, t.bucket, count(*), min(s.hours), max(s.hours)
      FROM ${touched}
      JOIN case_stays s ON s.state = t.state AND report_stay_bucket(s.hours) = t.bucket
        AND s.ended_at >= (t.day - interval '7 hours') AT TIME ZONE 'UTC' AND s.ended_at < (t.day + interval '17 hours') AT TIME ZONE 'UTC'
        AND s.procedure_key = t.procedure_key AND s.procedure_version = t.procedure_version
      GROUP BY 1, 2, 3, 4, 5;
      RETURN NULL;
    END
    $$`).execute(db);
  await sql`
    CREATE TRIGGER report_stays_removed AFTER DELETE ON case_stays
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION report_stays_removed()`.execute(db);
  await sql`
    CREATE FUNCTION report_stays_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM report_stay_buckets;
      RETURN NULL;
    END
    $$`.execute(db);
  await sql`CREATE TRIGGER report_stays_truncated AFTER TRUNCATE ON case_stays FOR EACH STATEMENT EXECUTE FUNCTION report_stays_truncated()`.execute(db);

  await backfill(db);
}

/** Counts the stays already there (also used by the bench after its bulk load and 0004's roll-up). */
export async function backfill(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM report_stay_buckets`.execute(db);
  await sql.raw(`
    INSERT INTO report_stay_buckets
    SELECT ${BUCKET_OF('s')}, count(*), min(s.hours), max(s.hours)
    FROM case_stays s GROUP BY 1, 2, 3, 4, 5`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER report_stays_truncated ON case_stays`.execute(db);
  await sql`DROP TRIGGER report_stays_removed ON case_stays`.execute(db);
  await sql`DROP TRIGGER report_stays_added ON case_stays`.execute(db);
  await sql`DROP FUNCTION report_stays_truncated()`.execute(db);
  await sql`DROP FUNCTION report_stays_removed()`.execute(db);
  await sql`DROP FUNCTION report_stays_added()`.execute(db);
  await sql`DROP INDEX case_stays_bucket_idx`.execute(db);
  await sql`DROP INDEX case_events_open_later_idx`.execute(db);
  await sql`DROP TABLE report_stay_buckets`.execute(db);
  await sql`DROP FUNCTION report_stay_bucket(double precision)`.execute(db);
}
