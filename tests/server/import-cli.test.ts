// npm run import -- file.json: the draft lands in the database; a wrong machine exits 1 with where.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/db/connect.ts';
import { getDraft } from '../../server/stores/procedures.ts';

const root = join(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'qt-import-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', QUYTRINH_DATA_DIR: dataDir, LANG: 'en' },
  });

describe('npm run import', () => {
  // Each case starts a process that loads tsx and the embedded database: slow on a busy machine.
  it('saves a machine file as a draft procedure and says what changed', { timeout: 120_000 }, async () => {
    const r = run('tests/import/corpus/valid/exchange-rate-invoke-v4.json', '--key', 'ty-gia');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Imported as the draft of "ty-gia" (revision 1)');
    expect(r.stdout).toContain('dropped QT_UPGRADE_INVOKE_CODE');
    const store = await openStore({ dataDir });
    try {
      const draft = await getDraft(store.db, 'ty-gia');
      expect(draft?.procedure).toMatchObject({ key: 'ty-gia', machine: { id: 'exchange-rate', initial: 'idle' } });
    } finally {
      await store.close();
    }
  });

  it('refuses a machine that is wrong, with the place in the file, and exits 1', { timeout: 120_000 }, () => {
    const r = run('tests/import/corpus/invalid/approval-nested-no-initial-v5.json');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('QT_MACHINE_INVALID');
    expect(r.stderr).toContain('/states/review/states/legal/initial QT_MACHINE_INITIAL_MISSING');
  });
});
