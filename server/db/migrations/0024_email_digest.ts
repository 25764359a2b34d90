// Each official chooses whether to also get the unread notifications by e-mail, as a digest;
// `digest_sent_at` is where the last digest stopped, so the next one lists only what came after.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN email_digest boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN digest_sent_at timestamptz`.execute(db);
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
