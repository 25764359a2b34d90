// One durable step without a global lock: audit rows are written unchained in their event's
// transaction (and queued in audit_pending); a chainer links them afterwards, in the order it
// finds them, as rows of audit_chain. Both the log and the chain are append-only.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_chain (
      chain_no bigint PRIMARY KEY,
      seq bigint NOT NULL UNIQUE,
      prev_hash text NOT NULL,
      hash text NOT NULL
    )`.execute(db);
  // The chain so far, as it was: each row linked in seq order (the old writers held a lock).
  await sql`INSERT INTO audit_chain SELECT row_number() OVER (ORDER BY seq), seq, prev_hash, hash FROM audit_log`.execute(db);
  await sql`ALTER TABLE audit_log DROP COLUMN prev_hash, DROP COLUMN hash`.execute(db);
  await sql`CREATE TABLE audit_pending (seq bigint PRIMARY KEY)`.execute(db);
  await sql`CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION quytrinh_refuse_change()`.execute(db);
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
