// A history names the procedure it was recorded on by key and hash, and holds no copy of it: the procedure
// is workflows/<key>.json while that still hashes the same, else the old version freeze.ts stored once.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseState, LogEntry, Procedure } from '../../engine/index.ts';

export interface ProcedureRef {
  key: string;
  hash: string;
}

/** What a history file holds: the events, the state they led to, and which procedure they ran on. */
export interface History {
  procedure: ProcedureRef;
  log: LogEntry[];
  state: CaseState;
}

export interface Places {
  /** The repository: workflows/ lives under it, and git is asked there for old versions. */
  root: string;
  /** The history files. */
  histories: string;
  /** Old versions, one file each: <key>@<hash>.json. */
  store: string;
}

export const here: Places = {
  root: join(import.meta.dirname, '../..'),
  histories: import.meta.dirname,
  store: join(import.meta.dirname, 'procedures'),
};

/** JSON with every object's keys sorted, so that the hash does not depend on how a file orders them. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

export const procedureHash = (procedure: unknown): string => createHash('sha256').update(canonicalJson(procedure)).digest('hex');

export const refOf = (procedure: Procedure): ProcedureRef => ({ key: procedure.key, hash: procedureHash(procedure) });

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** The procedure a history was recorded on; throws, saying what to run, when neither place has it. */
export function resolveProcedure(ref: ProcedureRef, places: Places = here): Procedure {
  const current = join(places.root, 'workflows', `${ref.key}.json`);
  if (existsSync(current)) {
    const procedure = readJson(current);
    if (procedureHash(procedure) === ref.hash) return procedure;
  }
  const stored = join(places.store, `${ref.key}@${ref.hash}.json`);
  if (existsSync(stored)) {
    const procedure = readJson(stored);
    if (procedureHash(procedure) !== ref.hash) throw new Error(`${stored} does not hash to the name it is stored under`);
    return procedure;
  }
  throw new Error(
    `${ref.key}@${ref.hash.slice(0, 12)}: workflows/${ref.key}.json has changed since the history was recorded ` +
      `and no copy of the old version is stored. Run: npx tsx tests/histories/freeze.ts`,
  );
}

export const readHistory = (file: string): History => readJson(file);

/**
 * Stores, for each history whose procedure cannot be resolved, the revision of workflows/<key>.json in git
 * that has its hash. Returns the files written and the histories whose version git does not have either.
 */
export function freezeMissing(places: Places = here): { written: string[]; missing: string[] } {
  const written: string[] = [];
  const missing: string[] = [];
  const git = (...args: string[]) => execFileSync('git', args, { cwd: places.root, encoding: 'utf8', maxBuffer: 64 << 20 });
  for (const file of readdirSync(places.histories).filter((f) => f.endsWith('.json'))) {
    const ref = readHistory(join(places.histories, file)).procedure;
    try {
      resolveProcedure(ref, places);
      continue;
    } catch {
      // not there yet: look for it in git
    }
    const path = `workflows/${ref.key}.json`;
    const found = git('log', '--format=%H', '--', path)
      .split('\n')
      .filter(Boolean)
      .map((rev) => {
        try {
          return JSON.parse(git('show', `${rev}:${path}`));
        } catch {
          return null; // the file was deleted in that revision
        }
      })
      .find((procedure) => procedure && procedureHash(procedure) === ref.hash);
    if (!found) {
      missing.push(`${file} (${ref.key}@${ref.hash.slice(0, 12)})`);
      continue;
    }
    mkdirSync(places.store, { recursive: true });
    const target = join(places.store, `${ref.key}@${ref.hash}.json`);
    // One line: the old version is read by the tests, not by people.
    writeFileSync(target, JSON.stringify(found) + '\n');
    written.push(target);
  }
  return { written, missing };
}
