// TRUNCATE fires no row trigger: the append-only tables refused UPDATE and DELETE (0001, 0007)
// but could still be emptied at once. A statement trigger before TRUNCATE refuses that too.
import { sql, type Kysely } from 'kysely';

export const APPEND_ONLY_TABLES = ['audit_log', 'audit_chain', 'case_events', 'procedure_versions'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of APPEND_ONLY_TABLES) {
    await sql`CREATE TRIGGER ${sql.raw(table + '_no_truncate')} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION quytrinh_refuse_change()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of APPEND_ONLY_TABLES) await sql`DROP TRIGGER ${sql.raw(table + '_no_truncate')} ON ${sql.table(table)}`.execute(db);
}
