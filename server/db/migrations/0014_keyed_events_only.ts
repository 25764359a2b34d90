// The unique index on an event's Idempotency-Key holds only the events that came with one: most
// come without (timers, and clients that do not send the header), and each of those took an
// entry of (case id, NULL) that no lookup reads and NULLs never conflict on — one index entry
// of the ~10 every event writes (bench/README.md, session 8). Lookups name the key, so they
// still use it; a key used twice on one case is still refused under the same name.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE case_events DROP CONSTRAINT case_events_idempotency_uq`.execute(db);
  await sql`CREATE UNIQUE INDEX case_events_idempotency_uq ON case_events (case_id, idempotency_key) WHERE idempotency_key IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX case_events_idempotency_uq`.execute(db);
  await sql`ALTER TABLE case_events ADD CONSTRAINT case_events_idempotency_uq UNIQUE (case_id, idempotency_key)`.execute(db);
}
