// Histories name their procedure by hash: once the workflow file moves on, the old version must come from
// the store, and freeze.ts must find it in git. Each case builds a small repository in a temporary dir.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replay, type Procedure } from '../../engine/index.ts';
import { canonicalJson, freezeMissing, procedureHash, readHistory, resolveProcedure, type Places } from './procedures.ts';

const history = join(import.meta.dirname, 'harmful-content-referred.json');
// the version the history was recorded on (the workflow file itself, or the store's copy once it moved on)
const v1: Procedure = resolveProcedure(readHistory(history).procedure);
const v2: Procedure = { ...v1, title: { vi: 'Xử lý thông tin xấu, độc (sửa đổi)', en: 'Handling harmful content (revised)' } };

let places: Places;
const writeWorkflow = (p: Procedure) =>
  writeFileSync(join(places.root, 'workflows/harmful-content.json'), JSON.stringify(p, null, 2) + '\n');
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: places.root,
    encoding: 'utf8',
  });

beforeEach(() => {
  const root = mkdtempSync(join(tmpdir(), 'quytrinh-histories-'));
  places = { root, histories: join(root, 'histories'), store: join(root, 'histories/procedures') };
  mkdirSync(join(root, 'workflows'));
  mkdirSync(places.histories);
  cpSync(history, join(places.histories, 'referred.json'));
});
afterEach(() => rmSync(places.root, { recursive: true, force: true }));

describe('a history’s procedure', () => {
  it('is the workflow file while the hashes match, whatever the order of its keys', () => {
    const reordered = Object.fromEntries(Object.entries(v1).reverse()) as Procedure;
    writeWorkflow(reordered);
    expect(procedureHash(reordered)).toBe(procedureHash(v1));
    expect(resolveProcedure(readHistory(join(places.histories, 'referred.json')).procedure, places)).toEqual(reordered);
  });

  it('comes from the store once the workflow has changed, and replays there', () => {
    writeWorkflow(v2);
    const { procedure: ref, log, state } = readHistory(join(places.histories, 'referred.json'));
    expect(ref.hash).toBe(procedureHash(v1));
    mkdirSync(places.store);
    writeFileSync(join(places.store, `harmful-content@${ref.hash}.json`), JSON.stringify(v1) + '\n');
    const resolved = resolveProcedure(ref, places);
    expect(resolved.title).toEqual(v1.title);
    expect(replay(resolved, log)).toEqual(state);
  });

  it('is refused when neither place has it, with the command to run', () => {
    writeWorkflow(v2);
    const { procedure: ref } = readHistory(join(places.histories, 'referred.json'));
    expect(() => resolveProcedure(ref, places)).toThrow('npx tsx tests/histories/freeze.ts');
  });

  it('is refused when the stored copy does not hash to its name', () => {
    writeWorkflow(v2);
    const { procedure: ref } = readHistory(join(places.histories, 'referred.json'));
    mkdirSync(places.store);
    writeFileSync(join(places.store, `harmful-content@${ref.hash}.json`), JSON.stringify(v2) + '\n');
    expect(() => resolveProcedure(ref, places)).toThrow('does not hash');
  });
});

describe('freezeMissing', () => {
  it('stores, on one line, the revision in git that has the history’s hash', () => {
    git('init', '-q');
    writeWorkflow(v1);
    git('add', 'workflows');
    git('commit', '-qm', 'v1');
    writeWorkflow(v2);
    git('commit', '-qam', 'v2');

    expect(freezeMissing(places)).toEqual({ written: [join(places.store, `harmful-content@${procedureHash(v1)}.json`)], missing: [] });
    const lines = readFileSync(join(places.store, `harmful-content@${procedureHash(v1)}.json`), 'utf8').split('\n');
    expect(lines).toHaveLength(2); // the JSON and the final newline
    expect(canonicalJson(JSON.parse(lines[0]))).toBe(canonicalJson(v1));

    const { procedure: ref, log, state } = readHistory(join(places.histories, 'referred.json'));
    expect(replay(resolveProcedure(ref, places), log)).toEqual(state);
    expect(freezeMissing(places)).toEqual({ written: [], missing: [] });
  });

  it('reports the histories whose version git never had', () => {
    git('init', '-q');
    writeWorkflow(v2);
    git('add', 'workflows');
    git('commit', '-qm', 'v2 only');
    expect(freezeMissing(places)).toEqual({ written: [], missing: [`referred.json (harmful-content@${procedureHash(v1).slice(0, 12)})`] });
  });
});
