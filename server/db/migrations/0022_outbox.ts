// Automated steps (a procedure's `invoke`): each call the engine asks for is a row of `outbox`,
// written in the transaction of the event that entered its state, claimed by any process with
// FOR UPDATE SKIP LOCKED, retried with the same key (the row's id), and closed by one event of
// the case. A call that failed its last attempt with no onError is an open incident.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE outbox (
      id text PRIMARY KEY,
      case_id text NOT NULL REFERENCES cases (id),
      invoke_id text NOT NULL,
      service text NOT NULL,
      input jsonb NOT NULL,
      handles_error boolean NOT NULL,
      cause jsonb NOT NULL,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_at timestamptz NOT NULL,
      lease_until timestamptz,
      claim text,
      last_error text,
      result jsonb,
      created_at timestamptz NOT NULL,
      finished_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX outbox_due_idx ON outbox (next_at) WHERE status IN ('pending', 'running')`.execute(db);
  await sql`CREATE INDEX outbox_case_idx ON outbox (case_id, invoke_id)`.execute(db);
  await sql`CREATE INDEX outbox_incident_idx ON outbox (created_at) WHERE status = 'incident'`.execute(db);
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
