// Row triggers that most events do not concern (a comment changes no counter and no report
// figure) get a WHEN condition, checked by the database without calling their PL/pgSQL at all.
// Each condition is exactly the case in which the function did anything.
import { sql, type Kysely } from 'kysely';

const FIGURES = `('OPEN', 'CONFIRM', 'REJECT', 'REQUEST_REMOVAL', 'REMOVED', 'REFUSED', 'REFER', 'COUNTER')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // case_counts_track (0003): an update moves a case between counters only if one of its keys changed.
  await sql`DROP TRIGGER case_counts_track ON cases`.execute(db);
  await sql`CREATE TRIGGER case_counts_track AFTER INSERT OR DELETE ON cases FOR EACH ROW EXECUTE FUNCTION case_counts_track()`.execute(db);
  await sql`
    CREATE TRIGGER case_counts_track_update AFTER UPDATE ON cases FOR EACH ROW
    WHEN ((OLD.procedure_key, OLD.unit_id, OLD.state, OLD.status, coalesce(OLD.category, ''), coalesce(OLD.platform, ''), OLD.overdue, OLD.work_roles)
          IS DISTINCT FROM
          (NEW.procedure_key, NEW.unit_id, NEW.state, NEW.status, coalesce(NEW.category, ''), coalesce(NEW.platform, ''), NEW.overdue, NEW.work_roles))
    EXECUTE FUNCTION case_counts_track()`.execute(db);
  // report_track_event (0004): an event counts as a figure, may be a case's first overdue, or ends a stay.
  await sql`DROP TRIGGER report_track_event ON case_events`.execute(db);
  await sql.raw(`
    CREATE TRIGGER report_track_event AFTER INSERT ON case_events FOR EACH ROW
    WHEN (NEW.type IN ${FIGURES} OR NEW.to_state <> NEW.from_state OR NEW.type = 'quytrinh.sla' OR NEW.type LIKE 'xstate.after.%')
    EXECUTE FUNCTION report_track_event()`).execute(db);
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
