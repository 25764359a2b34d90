// Who caused a notification: the official who moved a case into a step of their own role does
// not need to be told it arrived (the bell leaves out what the reader did). Older rows: unknown.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE notifications ADD COLUMN actor_id text`.execute(db);
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
