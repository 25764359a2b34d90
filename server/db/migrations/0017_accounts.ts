// Accounts managed by administrators: a password set by someone else must be changed at the next
// sign-in, the list shows each official's last sign-in, and the clean-up finds expired sessions,
// a user's sessions and never-linked uploads by index.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('last_sign_in_at', 'timestamptz')
    .execute();
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);
  await sql`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`.execute(db);
  await sql`CREATE INDEX attachments_unlinked_idx ON attachments (uploaded_at) WHERE case_id IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX attachments_unlinked_idx`.execute(db);
  await sql`DROP INDEX sessions_expires_idx`.execute(db);
  await sql`DROP INDEX sessions_user_idx`.execute(db);
  await db.schema.alterTable('users').dropColumn('last_sign_in_at').dropColumn('must_change_password').execute();
}
