// Officials get an e-mail address, so the digest they chose (0024) can be sent, and the language
// they read it in. The digest goes through the automated steps' outbox (0022), whose rows so far
// all belonged to a case: a digest has none, so `case_id` may be empty. A digest's id is made
// from the official and the day, so two processes enqueueing the same digest write one row.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN email text`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN lang text`.execute(db);
  await sql`ALTER TABLE outbox ALTER COLUMN case_id DROP NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
