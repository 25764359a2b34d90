// Cases on a version published before outcomes were declared (0018) wrote their later events
// with no outcome, so they dropped out of the report. The server now gives such versions the
// declarations of a newer version (stores/procedures.ts); the events already written get the
// outcomes their names meant, as 0018 gave the events before it, and the figures are rolled up again.
import { sql, type Kysely } from 'kysely';
import { backfill, OLD_OUTCOMES } from './0018_outcomes.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const missed = await sql<{ n: string }>`
    SELECT count(*) AS n FROM case_events e JOIN cases c ON c.id = e.case_id
    JOIN procedure_versions v ON v.key = c.procedure_key AND v.version = c.procedure_version
    WHERE cardinality(e.outcomes) = 0 AND v.procedure::text NOT LIKE '%"outcome":%'`.execute(db);
  if (Number(missed.rows[0]?.n ?? 0) === 0) return;
  // case_events is append-only (0001): its guard steps aside for this one back-fill.
  await sql`ALTER TABLE case_events DISABLE TRIGGER case_events_append_only`.execute(db);
  await sql.raw(`
    UPDATE case_events e SET outcomes = ${OLD_OUTCOMES}
    FROM cases c JOIN procedure_versions v ON v.key = c.procedure_key AND v.version = c.procedure_version
    WHERE c.id = e.case_id AND cardinality(e.outcomes) = 0 AND cardinality(${OLD_OUTCOMES}) > 0
      AND v.procedure::text NOT LIKE '%"outcome":%'`).execute(db);
  await sql`ALTER TABLE case_events ENABLE TRIGGER case_events_append_only`.execute(db);
  await backfill(db);
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
