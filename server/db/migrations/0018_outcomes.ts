// Each event carries the outcomes the engine reported for it (what the procedure declares:
// schemas/procedure.schema.json#/$defs/outcome), and the report's roll-ups count those alone.
// Events written before this kept no outcome: they are given the ones the reference procedures
// meant by their event names, the last place those names appear.
import { sql, type Kysely } from 'kysely';

/** What the shipped procedures' events meant, by name: harmful-content and impersonation-page. */
const OLD_NAMES: Record<string, string> = {
  OPEN: 'detected', CONFIRM: 'verified', CONFIRM_FAKE: 'verified', REJECT: 'rejected', NOT_FAKE: 'rejected',
  REQUEST_REMOVAL: 'removal_requested', FILED: 'removal_requested', REMOVED: 'removed', PAGE_REMOVED: 'removed',
  REFUSED: 'refused', PLATFORM_REFUSED: 'refused', REFER: 'referred', COUNTER: 'countered', WARNING_PUBLISHED: 'countered',
  SUBMIT_REPORT: 'reported', CLOSE_CASE: 'reported', CANCEL: 'cancelled', 'quytrinh.sla': 'overdue',
};
export const OLD_OUTCOMES = `CASE e.type ${Object.entries(OLD_NAMES).map(([type, o]) => `WHEN '${type}' THEN ARRAY['${o}']`).join(' ')}
  ELSE CASE WHEN e.type LIKE 'xstate.after.%' AND e.to_state ~ '(^|[.,])(overdue|escalated)($|[.,])' AND e.from_state !~ '(^|[.,])(overdue|escalated)($|[.,])'
    THEN ARRAY['overdue'] ELSE ARRAY[]::text[] END END`;
/** The reporting day runs on Vietnamese time (UTC+7, no daylight saving), as in 0004. */
const DAY = (at: string) => `((${at} AT TIME ZONE 'UTC') + interval '7 hours')::date`;
/** report_daily's row of the cases opened (first events), apart from the outcomes. */
export const OPENED_FIGURE = '_opened';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE case_events ADD COLUMN outcomes text[] NOT NULL DEFAULT '{}'`.execute(db);
  await giveOldEventsOutcomes(db);

  await sql.raw(`
    CREATE OR REPLACE FUNCTION report_track_event() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      c record;
      prev record;
      fig text;
    BEGIN
      SELECT procedure_key, procedure_version, unit_id, coalesce(category, '') AS category, coalesce(platform, '') AS platform
        INTO c FROM cases WHERE id = NEW.case_id;
      FOREACH fig IN ARRAY (CASE WHEN NEW.case_seq = 1 THEN ARRAY['${OPENED_FIGURE}'] ELSE ARRAY[]::text[] END) || NEW.outcomes LOOP
        IF fig = 'overdue' THEN
          -- a case counts once, however many deadlines it missed
          INSERT INTO case_overdue_first VALUES (NEW.case_id, NEW.at) ON CONFLICT DO NOTHING;
          CONTINUE WHEN NOT FOUND;
        END IF;
        INSERT INTO report_daily VALUES (${DAY('NEW.at')}, c.procedure_key, c.unit_id, c.category, c.platform, fig, 1)
        ON CONFLICT (day, procedure_key, unit_id, category, platform, figure) DO UPDATE SET n = report_daily.n + 1;
      END LOOP;
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
  await sql`DROP TRIGGER report_track_event ON case_events`.execute(db);
  await sql`
    CREATE TRIGGER report_track_event AFTER INSERT ON case_events FOR EACH ROW
    WHEN (cardinality(NEW.outcomes) > 0 OR NEW.case_seq = 1 OR NEW.to_state <> NEW.from_state)
    EXECUTE FUNCTION report_track_event()`.execute(db);
  // the count of cases opened is report_daily's own row now (0008's OPEN events are not needed)
  await sql`DROP INDEX IF EXISTS case_events_open_later_idx`.execute(db);
  await backfill(db);
}

/** The events written before outcomes were kept get the ones their names meant (the tests, too). */
export async function giveOldEventsOutcomes(db: Kysely<unknown>): Promise<void> {
  // case_events is append-only (0001): its guard steps aside for this one back-fill.
  await sql`ALTER TABLE case_events DISABLE TRIGGER case_events_append_only`.execute(db);
  await sql.raw(`UPDATE case_events e SET outcomes = ${OLD_OUTCOMES} WHERE cardinality(e.outcomes) = 0 AND cardinality(${OLD_OUTCOMES}) > 0`).execute(db);
  await sql`ALTER TABLE case_events ENABLE TRIGGER case_events_append_only`.execute(db);
}

/** Rolls the figures up again from the events' outcomes (also the bench, after a bulk load). */
export async function backfill(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM report_daily`.execute(db);
  await sql`DELETE FROM case_overdue_first`.execute(db);
  await sql`
    INSERT INTO case_overdue_first
    SELECT DISTINCT ON (e.case_id) e.case_id, e.at FROM case_events e
    WHERE 'overdue' = ANY (e.outcomes) ORDER BY e.case_id, e.case_seq`.execute(db);
  await sql.raw(`
    INSERT INTO report_daily
    SELECT ${DAY('f.at')}, c.procedure_key, c.unit_id, coalesce(c.category, ''), coalesce(c.platform, ''), f.figure, count(*)
    FROM (SELECT e.case_id, e.at, o.figure FROM case_events e CROSS JOIN LATERAL unnest(e.outcomes) AS o(figure) WHERE o.figure <> 'overdue'
          UNION ALL SELECT e.case_id, e.at, '${OPENED_FIGURE}' FROM case_events e WHERE e.case_seq = 1
          UNION ALL SELECT o.case_id, o.at, 'overdue' FROM case_overdue_first o) f
    JOIN cases c ON c.id = f.case_id
    GROUP BY 1, 2, 3, 4, 5, 6`).execute(db);
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
