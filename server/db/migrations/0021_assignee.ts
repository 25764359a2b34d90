// Cases have owners: an official takes a case, a lead hands it to a named official, or it is
// released (server/events/assignee.ts). A notification can be for one official: the one a case
// was handed to.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE notifications ADD COLUMN user_id text REFERENCES users (id) ON DELETE CASCADE`.execute(db);
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
