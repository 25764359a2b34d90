// A user name is locked after too many failed sign-ins in a window (routes/auth.ts): each sign-in
// counts that name's recent `auth.login_failed` rows of the audit log, through this index.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX audit_log_login_failed_idx ON audit_log ((detail->>'username'), at) WHERE action = 'auth.login_failed'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX audit_log_login_failed_idx`.execute(db);
}
