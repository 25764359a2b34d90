// First schema. Migrations are append-only: never edit a released one, add the next file.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = (c: any) => c.notNull();
  await db.schema
    .createTable('units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', ts)
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('roles', sql`text[]`, (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', ts)
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', ts)
    .addColumn('expires_at', 'timestamptz', ts)
    .addColumn('last_seen_at', 'timestamptz', ts)
    .execute();

  await db.schema
    .createTable('procedures')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'timestamptz', ts)
    .addColumn('created_by', 'text')
    .execute();

  await db.schema
    .createTable('procedure_versions')
    .addColumn('key', 'text', (c) => c.notNull().references('procedures.key'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('procedure', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', ts)
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('procedure_versions_pk', ['key', 'version'])
    .execute();

  await db.schema
    .createTable('procedure_drafts')
    .addColumn('key', 'text', (c) => c.primaryKey().references('procedures.key'))
    .addColumn('procedure', 'jsonb', (c) => c.notNull())
    .addColumn('saved_at', 'timestamptz', ts)
    .addColumn('saved_by', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .execute();

  await sql`CREATE SEQUENCE case_number_seq`.execute(db);

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('procedure_key', 'text', (c) => c.notNull())
    .addColumn('procedure_version', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_title', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('work_roles', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('platform', 'text')
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('assignee', 'jsonb')
    .addColumn('assignee_user_id', 'text')
    .addColumn('assignee_unit_id', 'text')
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz', ts)
    .addColumn('updated_at', 'timestamptz', ts)
    .addColumn('due_at', 'timestamptz')
    .addColumn('overdue', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addForeignKeyConstraint('cases_procedure_version_fk', ['procedure_key', 'procedure_version'], 'procedure_versions', ['key', 'version'])
    .execute();
  await sql`CREATE INDEX cases_list_idx ON cases (due_at ASC NULLS LAST, updated_at DESC, id)`.execute(db);
  await sql`CREATE INDEX cases_unit_idx ON cases (unit_id)`.execute(db);
  await sql`CREATE INDEX cases_state_idx ON cases (state)`.execute(db);
  await sql`CREATE INDEX cases_category_idx ON cases (category)`.execute(db);
  await sql`CREATE INDEX cases_platform_idx ON cases (platform)`.execute(db);
  await sql`CREATE INDEX cases_last_seq_idx ON cases (last_seq)`.execute(db);
  await sql`CREATE INDEX cases_data_idx ON cases USING gin (data jsonb_path_ops)`.execute(db);

  await db.schema
    .createTable('case_events')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('case_seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor', 'jsonb', (c) => c.notNull())
    .addColumn('at', 'timestamptz', ts)
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text')
    .addColumn('request_hash', 'text')
    .addColumn('response', 'jsonb')
    .addUniqueConstraint('case_events_case_seq_uq', ['case_id', 'case_seq'])
    .addUniqueConstraint('case_events_idempotency_uq', ['case_id', 'idempotency_key'])
    .execute();
  await sql`CREATE INDEX case_events_at_idx ON case_events (at)`.execute(db);

  await db.schema
    .createTable('timers')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('timer_id', 'text', (c) => c.notNull())
    .addColumn('event', 'jsonb', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', ts)
    .addColumn('created_at', 'timestamptz', ts)
    .addColumn('fired_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('outcome', 'text')
    .execute();
  await sql`CREATE INDEX timers_due_idx ON timers (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL`.execute(db);
  await sql`CREATE INDEX timers_case_idx ON timers (case_id, timer_id)`.execute(db);

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'timestamptz', ts)
    .execute();
  await sql`CREATE INDEX attachments_case_idx ON attachments (case_id)`.execute(db);

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', ts)
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('detail', 'jsonb', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX audit_log_case_idx ON audit_log (case_id)`.execute(db);

  // Append-only and immutable tables refuse UPDATE and DELETE at the database itself.
  await sql`
    CREATE FUNCTION quytrinh_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'quytrinh: % is append-only', TG_TABLE_NAME USING ERRCODE = 'QT001';
    END $$`.execute(db);
  for (const table of ['case_events', 'audit_log', 'procedure_versions']) {
    await sql`CREATE TRIGGER ${sql.raw(table + '_append_only')} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION quytrinh_refuse_change()`.execute(db);
  }
}

export async function down(): Promise<void> {
  // Never dropped: a database is upgraded, not rebuilt.
}
