// The next release's migrations: every one of today's, then one more written as the upgrade rule
// says (docs/operations.md, Upgrade): it only adds — a column with a default filled in for every
// case, a new table, an index — so the release before it keeps running on the new schema.
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { migrationProvider as today } from '../../../server/db/migrations/index.ts';

export const NEXT_MIGRATION = '9000_next_release_case_labels';

const next: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE cases ADD COLUMN next_release_label text NOT NULL DEFAULT 'chưa gắn nhãn'`.execute(db);
    await sql`CREATE TABLE next_release_labels (case_id text PRIMARY KEY REFERENCES cases (id), label text NOT NULL)`.execute(db);
    await sql`INSERT INTO next_release_labels (case_id, label) SELECT id, 'nhãn ' || number FROM cases`.execute(db);
    await sql`CREATE INDEX cases_next_release_label_idx ON cases (next_release_label)`.execute(db);
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { ...(await today.getMigrations()), [NEXT_MIGRATION]: next };
  },
};
