// The request an audit row was written for (its x-request-id): an operator follows one request
// from the server's log to the audit log. Part of the row's hash when present; older rows have none.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('request_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').dropColumn('request_id').execute();
}
