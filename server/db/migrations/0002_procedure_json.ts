// Procedure files keep their authors' key order: jsonb sorts keys, json keeps the text as sent.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE procedure_versions ALTER COLUMN procedure TYPE json USING procedure::json`.execute(db);
  await sql`ALTER TABLE procedure_drafts ALTER COLUMN procedure TYPE json USING procedure::json`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE procedure_versions ALTER COLUMN procedure TYPE jsonb USING procedure::jsonb`.execute(db);
  await sql`ALTER TABLE procedure_drafts ALTER COLUMN procedure TYPE jsonb USING procedure::jsonb`.execute(db);
}
