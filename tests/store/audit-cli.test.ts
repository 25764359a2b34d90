// `npm run audit:verify` on a real database: a changed row → exit 1 naming it. (The intact case
// is verifyAudit's, tested in db.test.ts; each PGlite open costs seconds, so one run here.)
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { appendAudit, chainAllAudit } from '../../server/stores/audit.ts';
import { closeTestStore, dbLabel, onPostgres, openTestStore } from '../server/helpers.ts';

const run = promisify(execFile);

describe(`audit:verify on ${dbLabel}`, () => {
  const dir = onPostgres ? undefined : mkdtempSync(join(tmpdir(), 'quytrinh-audit-'));
  let schema: string | undefined;
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (schema) await closeTestStore(await openTestStore({ schema }));
  });

  async function cli() {
    const env = { ...process.env, ...(dir ? { QUYTRINH_DATA_DIR: dir } : { QUYTRINH_DB_SCHEMA: schema }) };
    try {
      const { stdout } = await run('npx', ['tsx', 'server/cli/audit-verify.ts'], { env, cwd: new URL('../..', import.meta.url).pathname });
      return { code: 0, out: stdout };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, out: err.stdout + err.stderr };
    }
  }

  it('reports the first broken link and exits 1', async () => {
    const store = await openTestStore({ dataDir: dir });
    schema = store.schema;
    for (let i = 0; i < 3; i++) {
      await store.db.transaction().execute((tx) => appendAudit(tx, { at: new Date(Date.UTC(2026, 0, 5, i)), actorId: 'a', action: 'x', caseId: null, detail: { i } }));
    }
    await chainAllAudit(store.db);
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(store.db);
    await sql`UPDATE audit_log SET actor_id = 'mallory' WHERE seq = 2`.execute(store.db);
    await closeTestStore(store, { keep: true });
    expect(await cli()).toEqual({
      code: 1,
      out: 'Audit log BROKEN at seq 2: the row was changed after it was written. 1 rows before it are intact.\n',
    });
  }, 120_000);
});
