// The report lists the cases opened in its period: an index on opened_at keeps that a range scan.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX cases_opened_idx ON cases (opened_at, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX cases_opened_idx`.execute(db);
}
