// Procedures, their published versions (immutable) and their one working draft each.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { inheritOutcomes, type Procedure, type Text } from '../../engine/index.ts';
import type { ProcedureSummary, ProcedureVersion as ProcedureVersionView } from '../../schemas/api/types.ts';

type Db = Kysely<Database>;

const iso = (d: Date | string) => new Date(d).toISOString();

function versionView(r: { key: string; version: number; procedure: unknown; published_at: Date | string; published_by: string; note: string }): ProcedureVersionView {
  return {
    key: r.key,
    version: r.version,
    procedure: r.procedure as Procedure,
    publishedAt: iso(r.published_at),
    publishedBy: r.published_by,
    note: r.note,
  };
}

/**
 * Published versions never change, so each is read from the database once per process. A version
 * published before outcomes were declared runs with the declarations of the newest version of its
 * procedure that has some, else of the shipped file (`shipped`): its cases keep counting.
 */
export class ProcedureCache {
  #byVersion = new Map<string, ProcedureVersionView>();
  #shipped: (key: string) => Procedure | null;
  constructor(shipped: (key: string) => Procedure | null = () => null) {
    this.#shipped = shipped;
  }
  async get(db: Db, key: string, version: number): Promise<ProcedureVersionView | null> {
    const id = `${key}@${version}`;
    const hit = this.#byVersion.get(id);
    if (hit) return hit;
    const row = await db.selectFrom('procedure_versions').selectAll().where('key', '=', key).where('version', '=', version).executeTakeFirst();
    if (!row) return null;
    const view = versionView(row);
    const source = await this.#outcomeSource(db, key, view.procedure);
    const procedure = source === 'declares' ? view.procedure : inheritOutcomes(view.procedure, source);
    const kept = procedure === view.procedure ? view : { ...view, procedure };
    // a version with nothing to learn from yet is read again: another process may publish one
    if (source !== null) this.#byVersion.set(id, kept);
    return kept;
  }
  /** The latest published version of a procedure (null: none yet). */
  async latest(db: Db, key: string): Promise<ProcedureVersionView | null> {
    const row = await db.selectFrom('procedure_versions').select(sql<number>`max(version)`.as('v')).where('key', '=', key).executeTakeFirst();
    return row?.v == null ? null : this.get(db, key, Number(row.v));
  }
  async #outcomeSource(db: Db, key: string, procedure: Procedure): Promise<Procedure | 'declares' | null> {
    if (JSON.stringify(procedure).includes('"outcome":')) return 'declares';
    const newer = await db
      .selectFrom('procedure_versions')
      .select('procedure')
      .where('key', '=', key)
      .where(sql<boolean>`procedure::text LIKE '%"outcome":%'`)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return (newer?.procedure as Procedure | undefined) ?? this.#shipped(key);
  }
  clear(): void {
    this.#byVersion.clear();
  }
}

export async function latestVersion(db: Db, key: string): Promise<ProcedureVersionView | null> {
  const row = await db
    .selectFrom('procedure_versions')
    .selectAll()
    .where('key', '=', key)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? versionView(row) : null;
}

export async function listVersions(db: Db, key: string) {
  const rows = await db
    .selectFrom('procedure_versions as v')
    .leftJoin('users as u', 'u.id', 'v.published_by')
    .select(['v.version', 'v.published_at', 'v.published_by', 'v.note', 'u.display_name'])
    .where('v.key', '=', key)
    .orderBy('v.version')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    publishedAt: iso(r.published_at),
    publishedBy: r.published_by,
    publishedByName: r.display_name,
    note: r.note,
  }));
}

export async function getDraft(db: Db, key: string) {
  const row = await db.selectFrom('procedure_drafts').selectAll().where('key', '=', key).executeTakeFirst();
  return row
    ? { procedure: row.procedure as Procedure, savedAt: iso(row.saved_at), savedBy: row.saved_by, revision: row.revision }
    : null;
}

function summaryOf(key: string, latest: ProcedureVersionView | null, draft: Procedure | null): ProcedureSummary {
  const source = latest?.procedure ?? draft;
  const text = (t: unknown): Text =>
    t && typeof t === 'object' && 'vi' in t ? (t as Text) : { vi: key, en: key };
  return {
    key,
    title: text(source?.title),
    description: source?.description && typeof source.description === 'object' ? (source.description as Text) : { vi: '', en: '' },
    latestVersion: latest?.version ?? null,
    hasDraft: draft !== null,
    start: latest?.procedure.start ?? null,
  };
}

export async function procedureExists(db: Db, key: string): Promise<boolean> {
  return !!(await db.selectFrom('procedures').select('key').where('key', '=', key).executeTakeFirst());
}

/**
 * A procedure's summary; without `drafts` (anyone but an administrator) as if it had no draft,
 * and null for one never published.
 */
export async function getSummary(db: Db, key: string, drafts: boolean): Promise<ProcedureSummary | null> {
  if (!(await procedureExists(db, key))) return null;
  const [latest, draft] = await Promise.all([latestVersion(db, key), drafts ? getDraft(db, key) : null]);
  if (!latest && !drafts) return null;
  return summaryOf(key, latest, draft?.procedure ?? null);
}

export async function listSummaries(db: Db, drafts: boolean): Promise<ProcedureSummary[]> {
  const keys = await db.selectFrom('procedures').select('key').orderBy('key').execute();
  const out: ProcedureSummary[] = [];
  for (const { key } of keys) {
    const summary = await getSummary(db, key, drafts);
    if (summary) out.push(summary);
  }
  return out;
}

async function ensureProcedure(db: Db, key: string, by: string, now: Date) {
  await db
    .insertInto('procedures')
    .values({ key, created_at: now, created_by: by })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/** Publishes a (validated) procedure file as the next version of its key. */
export async function publishVersion(db: Db, procedure: Procedure, by: string, note: string, now: Date): Promise<ProcedureVersionView> {
  await ensureProcedure(db, procedure.key, by, now);
  // Serialise publishers of one key: the row lock makes "next version" unambiguous.
  await db.selectFrom('procedures').select('key').where('key', '=', procedure.key).forUpdate().execute();
  const last = await db
    .selectFrom('procedure_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('key', '=', procedure.key)
    .executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  const row = {
    key: procedure.key,
    version,
    procedure: JSON.stringify(procedure),
    published_at: now,
    published_by: by,
    note,
  };
  await db.insertInto('procedure_versions').values(row).execute();
  return { key: procedure.key, version, procedure, publishedAt: now.toISOString(), publishedBy: by, note };
}

export type DraftSave = { ok: true; revision: number; savedAt: string } | { ok: false; currentRevision: number };

/** Saves the working draft; refuses when `baseRevision` is given and is not the current one. */
export async function saveDraft(
  db: Db,
  key: string,
  procedure: unknown,
  baseRevision: number | undefined,
  by: string,
  now: Date,
): Promise<DraftSave> {
  await ensureProcedure(db, key, by, now);
  const current = await db.selectFrom('procedure_drafts').select('revision').where('key', '=', key).forUpdate().executeTakeFirst();
  if (current && baseRevision !== undefined && baseRevision !== current.revision) return { ok: false, currentRevision: current.revision };
  const revision = (current?.revision ?? 0) + 1;
  const values = { key, procedure: JSON.stringify(procedure), saved_at: now, saved_by: by, revision };
  if (current) await db.updateTable('procedure_drafts').set(values).where('key', '=', key).execute();
  else await db.insertInto('procedure_drafts').values(values).execute();
  return { ok: true, revision, savedAt: now.toISOString() };
}

export async function deleteDraft(db: Db, key: string): Promise<void> {
  await db.deleteFrom('procedure_drafts').where('key', '=', key).execute();
}
