// The report for the Standing Committee at a million cases: figures per Vietnamese day and
// group, and each completed stay in a step, kept by a trigger on case_events as events are
// appended, so a quarter's report reads a few thousand rows instead of every event.
import { sql, type Kysely } from 'kysely';

/** Which figure an event counts as; overdue is decided by the trigger (first time per case). */
const FIGURE_OF = (e: string) => `CASE ${e}.type
  WHEN 'OPEN' THEN 'detected' WHEN 'CONFIRM' THEN 'verified' WHEN 'REJECT' THEN 'rejected'
  WHEN 'REQUEST_REMOVAL' THEN 'removalRequested' WHEN 'REMOVED' THEN 'removed' WHEN 'REFUSED' THEN 'refused'
  WHEN 'REFER' THEN 'referred' WHEN 'COUNTER' THEN 'countered' END`;
const IS_OVERDUE = (e: string) => `(${e}.type = 'quytrinh.sla' OR (${e}.type LIKE 'xstate.after.%'
  AND ${e}.to_state ~ '(^|[.,])overdue($|[.,])' AND ${e}.from_state !~ '(^|[.,])overdue($|[.,])'))`;
/** The reporting day runs on Vietnamese time (UTC+7, no daylight saving). */
const DAY = (at: string) => `((${at} AT TIME ZONE 'UTC') + interval '7 hours')::date`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE report_daily (
      day date NOT NULL,
      procedure_key text NOT NULL,
      unit_id text NOT NULL,
      category text NOT NULL,
      platform text NOT NULL,
      figure text NOT NULL,
      n bigint NOT NULL,
      PRIMARY KEY (day, procedure_key, unit_id, category, platform, figure)
    )`.execute(db);
  await sql`CREATE TABLE case_overdue_first (case_id text PRIMARY KEY, at timestamptz NOT NULL)`.execute(db);
  await sql`
    CREATE TABLE case_stays (
      case_id text NOT NULL,
      state text NOT NULL,
      procedure_key text NOT NULL,
      procedure_version integer NOT NULL,
      unit_id text NOT NULL,
      ended_at timestamptz NOT NULL,
      hours double precision NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX case_stays_ended_idx ON case_stays (ended_at)`.execute(db);

  await sql.raw(`
    CREATE FUNCTION report_track_event() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      c record;
      prev record;
      fig text := ${FIGURE_OF('NEW')};
    BEGIN
      SELECT procedure_key, procedure_version, unit_id, coalesce(category, '') AS category, coalesce(platform, '') AS platform
        INTO c FROM cases WHERE id = NEW.case_id;
      IF fig IS NULL AND ${IS_OVERDUE('NEW')} THEN
        INSERT INTO case_overdue_first VALUES (NEW.case_id, NEW.at) ON CONFLICT DO NOTHING;
        IF FOUND THEN fig := 'overdue'; END IF;
      END IF;
      IF fig IS NOT NULL THEN
        INSERT INTO report_daily VALUES (${DAY('NEW.at')}, c.procedure_key, c.unit_id, c.category, c.platform, fig, 1)
        ON CONFLICT (day, procedure_key, unit_id, category, platform, figure) DO UPDATE SET n = report_daily.n + 1;
      END IF;
      IF NEW.to_state <> NEW.from_state THEN
        SELECT at, to_state INTO prev FROM case_events
         WHERE case_id = NEW.case_id AND case_seq < NEW.case_seq AND to_state <> from_state
         ORDER BY case_seq DESC LIMIT 1;
        IF FOUND AND prev.to_state = NEW.from_state THEN
          INSERT INTO case_stays VALUES (NEW.case_id, NEW.from_state, c.procedure_key, c.procedure_version, c.unit_id,
                                         NEW.at, extract(epoch FROM NEW.at - prev.at) / 3600);
        END IF;
      END IF;
      RETURN NULL;
    END
    $$`).execute(db);
  await sql`CREATE TRIGGER report_track_event AFTER INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION report_track_event()`.execute(db);
  await sql`
    CREATE FUNCTION report_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM report_daily;
      DELETE FROM case_overdue_first;
      DELETE FROM case_stays;
      RETURN NULL;
    END
    $$`.execute(db);
  await sql`CREATE TRIGGER report_truncate AFTER TRUNCATE ON case_events FOR EACH STATEMENT EXECUTE FUNCTION report_truncate()`.execute(db);

  await backfill(db);
}

/** Rolls up what is already there (also used by the bench after a bulk load without triggers). */
export async function backfill(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM report_daily`.execute(db);
  await sql`DELETE FROM case_overdue_first`.execute(db);
  await sql`DELETE FROM case_stays`.execute(db);
  await sql.raw(`
    INSERT INTO case_overdue_first
    SELECT DISTINCT ON (e.case_id) e.case_id, e.at FROM case_events e
    WHERE ${FIGURE_OF('e')} IS NULL AND ${IS_OVERDUE('e')} ORDER BY e.case_id, e.case_seq`).execute(db);
  await sql.raw(`
    INSERT INTO report_daily
    SELECT ${DAY('f.at')}, c.procedure_key, c.unit_id, coalesce(c.category, ''), coalesce(c.platform, ''), f.figure, count(*)
    FROM (SELECT e.case_id, e.at, ${FIGURE_OF('e')} AS figure FROM case_events e
          UNION ALL SELECT o.case_id, o.at, 'overdue' FROM case_overdue_first o) f
    JOIN cases c ON c.id = f.case_id
    WHERE f.figure IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6`).execute(db);
  await sql`
    INSERT INTO case_stays
    SELECT e.case_id, e.from_state, c.procedure_key, c.procedure_version, c.unit_id, e.at, extract(epoch FROM e.at - p.at) / 3600
    FROM case_events e
    JOIN cases c ON c.id = e.case_id
    CROSS JOIN LATERAL (
      SELECT q.at, q.to_state FROM case_events q
      WHERE q.case_id = e.case_id AND q.case_seq < e.case_seq AND q.to_state <> q.from_state
      ORDER BY q.case_seq DESC LIMIT 1
    ) p
    WHERE e.to_state <> e.from_state AND p.to_state = e.from_state`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER report_truncate ON case_events`.execute(db);
  await sql`DROP TRIGGER report_track_event ON case_events`.execute(db);
  await sql`DROP FUNCTION report_truncate()`.execute(db);
  await sql`DROP FUNCTION report_track_event()`.execute(db);
  await sql`DROP TABLE case_stays`.execute(db);
  await sql`DROP TABLE case_overdue_first`.execute(db);
  await sql`DROP TABLE report_daily`.execute(db);
}
