// Cases as stored and as the API shows them (docs/api.md `Case`), lists and history.
import { sql, type Kysely, type SqlBool, type Expression } from 'kysely';
import type { Database } from '../db/schema.ts';
import { caseSummary, currentAssignment, stateConfigAt, stateRoles, summarize, waitingOn, type CaseState, type Procedure, type Text } from '../../engine/index.ts';
import type { Case } from '../../schemas/api/types.ts';
import { readableCases, type SessionUser } from '../access.ts';
import { stateCounts } from './case-counts.ts';
import { CASE_SORTS, type CaseFilters, type CaseSort } from './case-filters.ts';

type Db = Kysely<Database>;

/** A case as the API shows it: schemas/api/case.json. */
export type CaseView = Case;

const iso = (d: Date | string) => new Date(d).toISOString();

/** "harmful-content" → "HC": the prefix of a case's human number. */
export function numberPrefix(key: string): string {
  const parts = key.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return (parts.length > 1 ? parts.map((p) => p[0]).join('') : (parts[0] ?? 'QT').slice(0, 4)).toUpperCase();
}

export async function nextCaseNumber(db: Db, key: string, now: Date): Promise<string> {
  const { rows } = await sql<{ n: string | number }>`SELECT nextval('case_number_seq') AS n`.execute(db);
  return `${numberPrefix(key)}-${now.getUTCFullYear()}-${String(Number(rows[0]!.n)).padStart(6, '0')}`;
}

/** Roles that work the given leaf states: the nearest `meta.roles` up each path. */
/** The roles that work the active states (the inbox's index): the engine's reading. */
export const workRoles = stateRoles;

export function cleanAssignee(a: unknown): CaseView['assignee'] {
  if (!a || typeof a !== 'object') return null;
  const out: Record<string, string> = {};
  for (const k of ['role', 'unitId', 'userId', 'displayName'] as const) {
    const v = (a as Record<string, unknown>)[k];
    if (typeof v === 'string' && v) out[k] = v;
  }
  return Object.keys(out).length ? out : null;
}

/** Cases with their unit's name and their opener's; the columns of `cases` are the caller's choice. */
export function caseJoined(db: Db) {
  return db
    .selectFrom('cases as c')
    .innerJoin('units as n', 'n.id', 'c.unit_id')
    .leftJoin('users as o', 'o.id', 'c.opened_by')
    .select(['n.name as unit_name', 'o.display_name as opened_by_name']);
}

export function caseQuery(db: Db) {
  return caseJoined(db).selectAll('c');
}

export type CaseRowJoined = Awaited<ReturnType<ReturnType<typeof caseQuery>['executeTakeFirstOrThrow']>>;

/** What a case's view needs of its procedure: its title and the field it names as summary. */
export type ViewProcedure = Pick<Procedure, 'title' | 'summaryField'> | Procedure;

export function caseView(r: CaseRowJoined, procedure: ViewProcedure): CaseView {
  const snapshot = r.snapshot as CaseState;
  const data = (snapshot.context?.data ?? r.data ?? {}) as Record<string, unknown>;
  return {
    id: r.id,
    number: r.number,
    procedure: { key: r.procedure_key, version: r.procedure_version, title: procedure.title },
    state: r.state,
    stateTitle: r.state_title as Text,
    status: r.status as CaseView['status'],
    summary: caseSummary(procedure, data),
    waitingOn: 'machine' in procedure ? waitingOn(procedure as Procedure, snapshot) : [],
    data,
    unitId: r.unit_id,
    unitName: r.unit_name,
    assignee: cleanAssignee(r.assignee),
    openedBy: { id: r.opened_by, displayName: r.opened_by_name ?? r.opened_by },
    openedAt: iso(r.opened_at),
    updatedAt: iso(r.updated_at),
    dueAt: r.due_at ? iso(r.due_at) : null,
    overdue: r.overdue,
    version: r.version,
  };
}

export async function loadCase(db: Db, id: string, forUpdate = false): Promise<CaseRowJoined | undefined> {
  // Lock only the case row: FOR UPDATE OF c.
  let q = caseQuery(db).where('c.id', '=', id);
  if (forUpdate) q = q.modifyEnd(sql`FOR UPDATE OF c`);
  return q.executeTakeFirst();
}

export async function procedureTitles(db: Db): Promise<Map<string, Text>> {
  // Title of each procedure's latest version, for views of many cases at once.
  const rows = await db
    .selectFrom('procedure_versions as v')
    .select(['v.key', 'v.version', sql<Text>`v.procedure->'title'`.as('title')])
    .orderBy('v.key')
    .orderBy('v.version')
    .execute();
  const m = new Map<string, Text>();
  for (const r of rows) m.set(`${r.key}@${r.version}`, r.title);
  return m;
}

/**
 * Where a page ends: its last case's deadline, opening time and id (nearest deadline first), or,
 * for another sort, that sort, the last case's value of its column and its id.
 */
type Cursor = { d: string | null; o: string; i: string } | { s: CaseSort; v: string | null; i: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(s: string): Cursor | null {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (c && typeof c.o === 'string' && typeof c.i === 'string' && (c.d === null || typeof c.d === 'string')) return c;
    if (c && (CASE_SORTS as readonly string[]).includes(c.s) && typeof c.i === 'string' && (c.v === null || typeof c.v === 'string')) return c;
  } catch {
    /* fall through */
  }
  return null;
}

/** The column each sort orders by (the case's id breaks ties), and how its value is kept in a cursor. */
const SORT_COLUMNS = {
  deadline: { col: sql`c.due_at`, value: (r: CaseRowJoined) => (r.due_at ? iso(r.due_at) : null) },
  opened: { col: sql`c.opened_at`, value: (r: CaseRowJoined) => iso(r.opened_at) },
  number: { col: sql`c.number`, value: (r: CaseRowJoined) => r.number },
  state: { col: sql`c.state`, value: (r: CaseRowJoined) => r.state },
} as const;

/** `text` for LIKE / ILIKE, its wildcards and backslashes taken literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, '\\$&');
const containing = (text: string) => `%${likeLiteral(text)}%`;

function stateFilter(state: string): Expression<SqlBool> {
  // a leaf path, or any ancestor of one: "removal" matches "removal.following_up"
  return sql<SqlBool>`EXISTS (SELECT 1 FROM unnest(string_to_array(c.state, ',')) AS s(p) WHERE s.p = ${state} OR s.p LIKE ${likeLiteral(state) + '.%'})`;
}

/**
 * Cases whose search documents contain `q`, ignoring diacritics and case (both folded by
 * `quytrinh_fold`, migration 0019): `case_search` (the number and recorded fields) and
 * `case_search_entries` (each entry of a comment thread), trigram-indexed. The index is asked for
 * the longest word of `q` and its other words of five letters or more, and the whole text is then
 * checked on the rows it finds: short words are in nearly every document — the "HC" of every
 * number, the "2026" of every number of that year — and looking their trigrams up read the index
 * of all of them. At 1,000,000 cases: HC-2026-000002 took 36 ms as one pattern, 13 ms asking for
 * "2026" and "000002", 1.5 ms for "000002" alone. A document that contains `q` contains each of
 * its words, so nothing is lost.
 */
function searchFilter(q: string): Expression<SqlBool> {
  const words = q.match(/[\p{L}\p{N}]{3,}/gu) ?? [];
  const longest = words.reduce((a, w) => (w.length > a.length ? w : a), '');
  const like = (text: string) => sql`doc ILIKE quytrinh_fold(${containing(text)})`;
  const whole = like(q);
  const asked = !longest || longest === q ? [] : [...new Set(words.filter((w) => w === longest || w.length >= 5))];
  const inTable = (table: string) =>
    asked.length
      ? // OFFSET 0 keeps the whole text out of the index scan: it is checked on the rows found
        sql`SELECT s.case_id FROM (SELECT case_id, doc FROM ${sql.table(table)} WHERE ${sql.join(asked.map(like), sql` AND `)} OFFSET 0) s WHERE ${whole}`
      : sql`SELECT s.case_id FROM ${sql.table(table)} s WHERE ${whole}`;
  return sql<SqlBool>`(c.id IN (${inTable('case_search')}) OR c.id IN (${inTable('case_search_entries')}))`;
}

/** A page of readable cases: due first (nulls last), then the newest (`cases_list_idx`). */
export async function listCases(db: Db, user: SessionUser, f: CaseFilters) {
  const where = (withState: boolean) => {
    const conds: Expression<SqlBool>[] = [readableCases(user)];
    if (withState && f.state) conds.push(stateFilter(f.state));
    if (f.procedure) conds.push(sql<SqlBool>`c.procedure_key = ${f.procedure}`);
    if (f.unit) conds.push(sql<SqlBool>`c.unit_id = ${f.unit}`);
    if (f.overdue !== undefined) conds.push(sql<SqlBool>`c.overdue = ${f.overdue}`);
    if (f.category) conds.push(sql<SqlBool>`c.category = ${f.category}`);
    if (f.platform) conds.push(sql<SqlBool>`c.platform = ${f.platform}`);
    if (f.q) conds.push(searchFilter(f.q));
    if (f.mine) {
      conds.push(
        sql<SqlBool>`(c.status = 'active' AND (c.work_roles && ${sql.val(user.roles)}::text[] OR c.assignee_user_id = ${user.id}))`,
      );
    }
    return sql<SqlBool>`${sql.join(conds, sql` AND `)}`;
  };

  const pageConds: Expression<SqlBool>[] = [where(true)];
  const cur = f.cursor ? decodeCursor(f.cursor) : null;
  const sort = f.sort ?? 'deadline';
  let rows: CaseRowJoined[];
  let cursorOf: (r: CaseRowJoined) => Cursor;
  if (sort === 'deadline') {
    // nearest deadline first, then the newest: the inbox's own order, on its index
    if (cur && 'o' in cur) {
      const after = sql<SqlBool>`(c.opened_at < ${cur.o} OR (c.opened_at = ${cur.o} AND c.id > ${cur.i}))`;
      pageConds.push(
        cur.d === null
          ? sql<SqlBool>`(c.due_at IS NULL AND ${after})`
          : sql<SqlBool>`(c.due_at IS NULL OR c.due_at > ${cur.d} OR (c.due_at = ${cur.d} AND ${after}))`,
      );
    }
    rows = await caseQuery(db)
      .where(sql<SqlBool>`${sql.join(pageConds, sql` AND `)}`)
      .orderBy(sql`c.due_at ASC NULLS LAST`)
      .orderBy('c.opened_at', 'desc')
      .orderBy('c.id')
      .limit(f.limit + 1)
      .execute();
    cursorOf = (r) => ({ d: r.due_at ? iso(r.due_at) : null, o: iso(r.opened_at), i: r.id });
  } else {
    const desc = sort.startsWith('-');
    const key = (desc ? sort.slice(1) : sort) as keyof typeof SORT_COLUMNS;
    const { col, value } = SORT_COLUMNS[key];
    // a cursor of another sort (the sort changed under a "more" button) starts again from the top
    if (cur && 's' in cur && cur.s === sort) {
      pageConds.push(
        cur.v === null
          ? sql<SqlBool>`(${col} IS NULL AND c.id > ${cur.i})`
          : desc
            ? sql<SqlBool>`(${col} IS NULL OR ${col} < ${cur.v} OR (${col} = ${cur.v} AND c.id > ${cur.i}))`
            : sql<SqlBool>`(${col} IS NULL OR ${col} > ${cur.v} OR (${col} = ${cur.v} AND c.id > ${cur.i}))`,
      );
    }
    rows = await caseQuery(db)
      .where(sql<SqlBool>`${sql.join(pageConds, sql` AND `)}`)
      .orderBy(desc ? sql`${col} DESC NULLS LAST` : sql`${col} ASC NULLS LAST`)
      .orderBy('c.id')
      .limit(f.limit + 1)
      .execute();
    cursorOf = (r) => ({ s: sort, v: value(r), i: r.id });
  }
  const more = rows.length > f.limit;
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  const nextCursor = more && last ? encodeCursor(cursorOf(last)) : null;

  const counts = await stateCounts(db, user, f, where(false));
  return { rows: page, nextCursor, counts };
}

/** The catch-up's walk: events looked at per step, and steps before it sorts the readable cases instead. */
const WALK = 4_000;
const WALK_STEPS = 25;

/**
 * The live catch-up: the readable cases (all, or those ids) changed after event `since`, oldest
 * change first, at most `limit` — a prefix in `last_seq` order, so the client's next `since` (the
 * last seq it got) misses nothing. `cases.last_seq` has no index (an event that changes no
 * indexed column of its case stays a HOT update, migration 0013), so given ids are looked up by
 * key, and otherwise the events after `since` are walked in seq order (`case_events` is keyed by
 * seq) a few thousand at a time, each readable case taken at its last event, until `limit` cases;
 * a reader of few cases who was away very long gets the rest from their readable cases sorted
 * (the unit and assignee indexes). At 1,000,000 cases: bench/README.md, scenario 5.
 */
export async function casesChangedSince(
  db: Db,
  user: SessionUser,
  since: number,
  ids: 'all' | string[],
  limit: number,
  walk = { events: WALK, steps: WALK_STEPS },
): Promise<CaseRowJoined[]> {
  const changed = (q: ReturnType<typeof caseQuery>, from: number, n: number) =>
    q.where('c.last_seq', '>', from).where(readableCases(user)).orderBy('c.last_seq').limit(n).execute();
  if (ids !== 'all') return changed(caseQuery(db).where('c.id', 'in', ids), since, limit);
  const rows: CaseRowJoined[] = [];
  let from = since;
  for (let step = 0; step < walk.steps; step++) {
    // the next walk.events events, each case taken at its last event among them
    const walked = db.selectFrom('case_events').select(['seq', 'case_id']).where('seq', '>', from).orderBy('seq').limit(walk.events).as('e');
    const atLast = caseQuery(db).innerJoin(walked, (j) => j.onRef('e.case_id', '=', 'c.id').onRef('e.seq', '=', 'c.last_seq'));
    rows.push(...(await changed(atLast, from, limit - rows.length)));
    if (rows.length >= limit) return rows;
    const end = await db.selectFrom('case_events').select('seq').where('seq', '>', from).orderBy('seq').offset(walk.events - 1).limit(1).executeTakeFirst();
    if (!end) return rows; // the walk reached the newest event
    from = Number(end.seq);
  }
  return [...rows, ...(await changed(caseQuery(db), from, limit - rows.length))];
}

export async function caseEvents(db: Db, caseId: string) {
  return db
    .selectFrom('case_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.seq', 'e.case_seq', 'e.type', 'e.data', 'e.actor', 'e.actor_id', 'u.display_name', 'e.at', 'e.from_state', 'e.to_state'])
    .where('e.case_id', '=', caseId)
    .orderBy('e.case_seq')
    .execute();
}

/** A case's columns after a state, as values (the event path sends them as JSON). */
export function caseValues(procedure: Procedure, state: CaseState) {
  const s = summarize(procedure, state);
  const data = state.context?.data ?? {};
  // an official's hold lapses when the case leaves the step it was taken at
  const assignee = cleanAssignee(currentAssignment(state.context?.assignee, s.state));
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    summary: s,
    values: {
      snapshot: state,
      state: s.state,
      state_title: s.title,
      status: s.status,
      work_roles: s.status === 'active' ? workRoles(procedure, s.paths ?? s.state.split(',')) : [],
      data,
      category: str(data.category),
      platform: str(data.platform),
      assignee,
      assignee_user_id: assignee?.userId ?? null,
      assignee_unit_id: assignee?.unitId ?? null,
      due_at: s.dueAt ? new Date(s.dueAt) : null,
      overdue: s.overdue,
    },
  };
}

/** The same, JSON columns serialised, for Kysely's inserts and updates. */
export function caseColumns(procedure: Procedure, state: CaseState) {
  const { summary, values: v } = caseValues(procedure, state);
  return {
    summary,
    columns: {
      ...v,
      snapshot: JSON.stringify(v.snapshot),
      state_title: JSON.stringify(v.state_title),
      data: JSON.stringify(v.data),
      assignee: v.assignee ? JSON.stringify(v.assignee) : null,
    },
  };
}

/** A list of entries (a comment thread and the like): an array holding an object. */
const isEntryList = (v: unknown) => Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object' && !Array.isArray(x));

/** The entries of a case's lists of entries (comment threads) an event changed: each new or changed entry by field and position, and each touched list's new length (rows past it go). */
export interface EntryChanges {
  entries: { f: string; n: number; e: unknown }[];
  lens: Record<string, number>;
}

/**
 * What the search rows of a case's comment threads need after an event (case_search_entries,
 * migrations 0019 and 0027): only the entries that differ are folded again — a comment added to a
 * thread of a hundred is one row, not a hundred. Null when no list of entries changed.
 */
export function entryListChanges(before: unknown, after: unknown): EntryChanges | null {
  if (before === after) return null;
  const a = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const b = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const out: EntryChanges = { entries: [], lens: {} };
  let touched = false;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[k];
    const y = b[k];
    if (x === y || !(isEntryList(x) || isEntryList(y))) continue;
    const was = isEntryList(x) ? (x as unknown[]) : [];
    const now = isEntryList(y) ? (y as unknown[]) : [];
    let changed = now.length !== was.length;
    now.forEach((e, n) => {
      if (n < was.length && (was[n] === e || JSON.stringify(was[n]) === JSON.stringify(e))) return;
      out.entries.push({ f: k, n, e });
      changed = true;
    });
    if (changed) {
      out.lens[k] = now.length;
      touched = true;
    }
  }
  return touched ? out : null;
}

/**
 * Whether the case's search document (`quytrinh_search_doc`, migration 0009: every field of the
 * data except lists of entries) can differ between these two versions of its data. Errs towards
 * yes: values are compared by reference, then as JSON.
 */
export function searchFieldsChanged(before: unknown, after: unknown): boolean {
  if (before === after) return false;
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return true;
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[k];
    const y = b[k];
    if (x === y || (isEntryList(x) && isEntryList(y))) continue;
    if (x === undefined || y === undefined || JSON.stringify(x) !== JSON.stringify(y)) return true;
  }
  return false;
}
