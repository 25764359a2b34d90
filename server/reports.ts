// Figures for the Standing Committee (a period) and the live dashboard. Plain SQL aggregations
// over the cases a user may read; heavy reporting can move to a replica later.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from './db/schema.ts';
import { OVERDUE_OUTCOME, caseSummary, stateConfigAt, type Procedure, type Text } from '../engine/index.ts';
import { OPENED_FIGURE } from './db/migrations/0018_outcomes.ts';
import { readableCases, readsAllCases, type SessionUser } from './access.ts';
import type { ProcedureCache } from './stores/procedures.ts';
import type { Dashboard, Report } from '../schemas/api/types.ts';
import { FIGURES, isFigure, replacedOptions, Tally, type Figure } from './report-tally.ts';

type Db = Kysely<Database>;

/** The province's reporting day runs on Vietnamese time. */
export const REPORT_UTC_OFFSET = '+07:00';

export { FIGURES, type Figure };

type StepDuration = Report['stepDurations'][number];
type ReportCase = Report['cases'][number];

export const REPORT_CASE_LIMIT = 500;

/** The cases opened in [start, end) that the reader may read, for the report's list; `total` when known otherwise. */
async function casesOpened(db: Db, procedures: ProcedureCache, user: SessionUser, start: Date, end: Date, total?: Promise<number>): Promise<{ cases: ReportCase[]; casesTotal: number }> {
  const inPeriod = (q: ReturnType<typeof base>) => q.where('c.opened_at', '>=', start).where('c.opened_at', '<', end).where(readableCases(user));
  const base = () => db.selectFrom('cases as c');
  const [rows, casesTotal] = await Promise.all([
    inPeriod(base())
      .innerJoin('units as n', 'n.id', 'c.unit_id')
      .select(['c.id', 'c.number', 'c.data', 'c.category', 'c.platform', 'n.name as unit_name', 'c.state', 'c.state_title', 'c.opened_at', 'c.procedure_key', 'c.procedure_version'])
      .orderBy('c.opened_at')
      .orderBy('c.id')
      .limit(REPORT_CASE_LIMIT)
      .execute(),
    total ?? inPeriod(base()).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n)),
  ]);
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const cases: ReportCase[] = [];
  for (const r of rows) {
    const d = (r.data ?? {}) as Record<string, unknown>;
    const procedure = (await procedures.get(db, r.procedure_key, r.procedure_version))?.procedure;
    cases.push({
      id: r.id,
      number: r.number,
      summary: caseSummary(procedure, d),
      category: str(r.category),
      platform: str(r.platform),
      unitName: r.unit_name,
      state: r.state,
      stateTitle: r.state_title as Text,
      openedAt: new Date(r.opened_at).toISOString(),
      outcome: str(d.outcome),
    });
  }
  return { casesTotal, cases };
}

/** Where the nearest-rank percentile p of `count` sorted numbers sits (0-based); percentile_disc's rule. */
export function percentileIndex(count: number, p: number): number {
  return Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1));
}

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[percentileIndex(sorted.length, p)]!;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function stateTitle(procedure: Procedure | undefined, state: string): Text {
  const titles = state.split(',').map((path) => {
    const config = procedure ? stateConfigAt(procedure.machine, path) : undefined;
    return config?.meta?.title ?? { vi: path, en: path };
  });
  return { vi: titles.map((t) => t.vi).join(' · '), en: titles.map((t) => t.en).join(' · ') };
}

export function defaultPeriod(now: Date): { from: string; to: string } {
  // This month so far, on Vietnamese time.
  const local = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  return { from: `${local.slice(0, 8)}01`, to: local };
}

export async function summaryReport(
  db: Db,
  procedures: ProcedureCache,
  user: SessionUser,
  period: { from: string; to: string },
  now: Date,
  opts: { live?: boolean } = {},
): Promise<Report> {
  const start = new Date(`${period.from}T00:00:00${REPORT_UTC_OFFSET}`);
  const end = new Date(new Date(`${period.to}T00:00:00${REPORT_UTC_OFFSET}`).getTime() + 86_400_000);
  // Province-wide readers are answered from the rollups (migration 0004); a unit's own view is
  // small and counted live, with the same rules.
  if (readsAllCases(user) && !opts.live) return rollupReport(db, procedures, user, period, start, end, now);

  const rows = await db
    .selectFrom('case_events as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .innerJoin('units as n', 'n.id', 'c.unit_id')
    .select(['e.case_id', 'e.outcomes', 'c.category', 'c.platform', 'c.unit_id', 'n.name as unit_name'])
    .where('e.at', '>=', start)
    .where('e.at', '<', end)
    .where(readableCases(user))
    .execute();

  const tally = new Tally(await replacedOptions(db, procedures));
  const overdueSeen = new Set<string>();
  for (const r of rows) {
    for (const figure of r.outcomes) {
      if (!isFigure(figure)) continue;
      if (figure === OVERDUE_OUTCOME) {
        if (overdueSeen.has(r.case_id)) continue; // a case counts once, however many deadlines it missed
        overdueSeen.add(r.case_id);
      }
      tally.add(figure, 1, r.category ?? 'unknown', r.platform ?? 'unknown', r.unit_id, r.unit_name);
    }
  }
  return tally.report(period, now, {
    stepDurations: await stepDurations(db, procedures, user, start, end),
    ...(await casesOpened(db, procedures, user, start, end)),
  });
}

/** The same report from the rollups kept by the trigger on case_events. */
async function rollupReport(
  db: Db,
  procedures: ProcedureCache,
  user: SessionUser,
  period: { from: string; to: string },
  start: Date,
  end: Date,
  now: Date,
): Promise<Report> {
  // The parts are independent: asked at once, each on a connection of its own. The cases opened
  // in the period are report_daily's row of first events (migration 0018), not an outcome.
  const daily = sql<{ category: string; platform: string; unit_id: string; unit_name: string; figure: string; n: string }>`
    SELECT r.category, r.platform, r.unit_id, u.name AS unit_name, r.figure, sum(r.n) AS n
    FROM report_daily r JOIN units u ON u.id = r.unit_id
    WHERE r.day >= ${period.from}::date AND r.day <= ${period.to}::date
    GROUP BY 1, 2, 3, 4, 5`.execute(db);
  const casesTotal = daily.then((d) => d.rows.reduce((sum, x) => sum + (x.figure === OPENED_FIGURE ? Number(x.n) : 0), 0));
  const [{ rows }, stepDurations, opened] = await Promise.all([
    daily,
    rollupStepDurations(db, procedures, period, start, end),
    casesOpened(db, procedures, user, start, end, casesTotal),
  ]);
  const tally = new Tally(await replacedOptions(db, procedures));
  for (const r of rows) if (isFigure(r.figure)) tally.add(r.figure, Number(r.n), r.category || 'unknown', r.platform || 'unknown', r.unit_id, r.unit_name);
  return tally.report(period, now, { stepDurations, ...opened });
}

/**
 * Median and 90th percentile per step from report_stay_buckets (migration 0008), exact: the
 * counts per bucket locate the bucket holding each rank; when its stays do not all show as the
 * same hours, the stay at that rank is read from that bucket's stays of the period alone.
 */
async function rollupStepDurations(
  db: Db,
  procedures: ProcedureCache,
  period: { from: string; to: string },
  start: Date,
  end: Date,
): Promise<StepDuration[]> {
  const { rows } = await sql<{ state: string; bucket: number; version: string; n: string; min_hours: number; max_hours: number }>`
    SELECT state, bucket, max(max(procedure_key || '@' || procedure_version)) OVER (PARTITION BY state) AS version, sum(n) AS n,
           min(min_hours) AS min_hours, max(max_hours) AS max_hours
    FROM report_stay_buckets WHERE day >= ${period.from}::date AND day <= ${period.to}::date
    GROUP BY state, bucket ORDER BY state, bucket`.execute(db);
  const byState = new Map<string, typeof rows>();
  for (const r of rows) {
    if (!byState.has(r.state)) byState.set(r.state, []);
    byState.get(r.state)!.push(r);
  }

  type Wanted = { state: string; bucket: number; offset: number; hours: number | null };
  const steps: { state: string; version: string; count: number; median: Wanted; p90: Wanted }[] = [];
  for (const [state, buckets] of byState) {
    const count = buckets.reduce((sum, b) => sum + Number(b.n), 0);
    const at = (p: number): Wanted => {
      let index = percentileIndex(count, p);
      for (const b of buckets) {
        const n = Number(b.n);
        if (index < n) {
          const same = round2(Number(b.min_hours)) === round2(Number(b.max_hours));
          return { state, bucket: b.bucket, offset: index, hours: same ? Number(b.min_hours) : null };
        }
        index -= n;
      }
      throw new Error(`report_stay_buckets: rank beyond the ${count} stays of ${state}`);
    };
    steps.push({ state, version: buckets[0]!.version, count, median: at(50), p90: at(90) });
  }

  const unknown = steps.flatMap((s) => [s.median, s.p90]).filter((w) => w.hours === null);
  if (unknown.length > 0) {
    const { rows: found } = await sql<{ i: number; hours: number }>`${sql.join(
      unknown.map(
        (w, i) => sql`(SELECT ${i}::int AS i, hours FROM case_stays
          WHERE state = ${w.state} AND report_stay_bucket(hours) = ${w.bucket} AND ended_at >= ${start} AND ended_at < ${end}
          ORDER BY hours OFFSET ${w.offset} LIMIT 1)`,
      ),
      sql` UNION ALL `,
    )}`.execute(db);
    for (const f of found) unknown[f.i]!.hours = Number(f.hours);
    // Stays are only ever added, and the counts were read first: the stay at each rank is there.
    const missing = unknown.find((w) => w.hours === null);
    if (missing) throw new Error(`case_stays: no stay of ${missing.state} at rank ${missing.offset} of bucket ${missing.bucket}`);
  }

  const out: StepDuration[] = [];
  for (const s of steps) {
    const [key, version] = s.version.split('@');
    const procedure = (await procedures.get(db, key!, Number(version)))?.procedure;
    out.push({ state: s.state, title: stateTitle(procedure, s.state), count: s.count, medianHours: round2(s.median.hours!), p90Hours: round2(s.p90.hours!) });
  }
  return out.sort((a, b) => a.state.localeCompare(b.state));
}

/** How long cases stayed in each state, for stays that ended within the period. */
async function stepDurations(db: Db, procedures: ProcedureCache, user: SessionUser, start: Date, end: Date): Promise<StepDuration[]> {
  const events = await db
    .selectFrom('case_events as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .select(['e.case_id', 'e.case_seq', 'e.at', 'e.from_state', 'e.to_state', 'c.procedure_key', 'c.procedure_version'])
    .where(readableCases(user))
    .where(sql<SqlBool>`e.case_id IN (SELECT case_id FROM case_events WHERE at >= ${start} AND at < ${end})`)
    .orderBy('e.case_id')
    .orderBy('e.case_seq')
    .execute();
  const stays = new Map<string, number[]>();
  const versionOf = new Map<string, string>();
  let entered: { caseId: string; state: string; at: number } | null = null;
  for (const e of events) {
    const at = new Date(e.at).getTime();
    if (entered && entered.caseId !== e.case_id) entered = null;
    if (entered && e.from_state === entered.state && e.to_state !== entered.state) {
      if (at >= start.getTime() && at < end.getTime()) {
        const list = stays.get(entered.state) ?? [];
        list.push((at - entered.at) / 3_600_000);
        stays.set(entered.state, list);
        versionOf.set(entered.state, `${e.procedure_key}@${e.procedure_version}`);
      }
      entered = null;
    }
    if (e.to_state !== e.from_state) entered = { caseId: e.case_id, state: e.to_state, at };
  }
  const out: StepDuration[] = [];
  for (const [state, hours] of stays) {
    hours.sort((a, b) => a - b);
    const [key, version] = versionOf.get(state)!.split('@');
    const procedure = (await procedures.get(db, key!, Number(version)))?.procedure;
    out.push({
      state,
      title: stateTitle(procedure, state),
      count: hours.length,
      medianHours: round2(percentile(hours, 50)),
      p90Hours: round2(percentile(hours, 90)),
    });
  }
  return out.sort((a, b) => a.state.localeCompare(b.state));
}

export async function dashboard(db: Db, user: SessionUser, now: Date): Promise<Dashboard> {
  const readable = readableCases(user);
  const count = (expr = sql`count(*)`) => sql<string>`${expr}`;
  const totals = await db
    .selectFrom('cases as c')
    .select([
      count().as('total'),
      count(sql`count(*) FILTER (WHERE c.status = 'active')`).as('active'),
      count(sql`count(*) FILTER (WHERE c.status = 'active' AND c.overdue)`).as('overdue'),
    ])
    .where(readable)
    .executeTakeFirstOrThrow();

  const byState = await db
    .selectFrom('cases as c')
    .select(['c.state', sql<Text>`(array_agg(c.state_title))[1]`.as('title'), count().as('n')])
    .where(readable)
    .groupBy('c.state')
    .orderBy('c.state')
    .execute();
  const byColumn = async (col: 'category' | 'platform') =>
    (
      await db
        .selectFrom('cases as c')
        .select([sql<string>`coalesce(${sql.ref(`c.${col}`)}, 'unknown')`.as('key'), count().as('n')])
        .where(readable)
        .groupBy(sql`1`)
        .orderBy(sql`2 desc`)
        .orderBy(sql`1`)
        .execute()
    ).map((r) => ({ key: r.key, count: Number(r.n) }));
  const byUnit = (
    await db
      .selectFrom('cases as c')
      .innerJoin('units as n', 'n.id', 'c.unit_id')
      .select(['c.unit_id', 'n.name', count().as('n')])
      .where(readable)
      .groupBy(['c.unit_id', 'n.name'])
      .orderBy(sql`3 desc`)
      .orderBy('n.name')
      .execute()
  ).map((r) => ({ key: r.unit_id, name: r.name, count: Number(r.n) }));

  // Opened and closed per ISO week (Monday, Vietnamese time), the last 12 weeks.
  const week = (col: string) => sql<string>`to_char(date_trunc('week', ${sql.ref(col)} AT TIME ZONE 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD')`;
  const since = new Date(now.getTime() - 12 * 7 * 86_400_000);
  const opened = await db
    .selectFrom('cases as c')
    .select([week('c.opened_at').as('week'), count().as('n')])
    .where(readable)
    .where('c.opened_at', '>=', since)
    .groupBy(sql`1`)
    .execute();
  const closed = await db
    .selectFrom('cases as c')
    .select([week('c.updated_at').as('week'), count().as('n')])
    .where(readable)
    .where('c.status', '=', 'done')
    .where('c.updated_at', '>=', since)
    .groupBy(sql`1`)
    .execute();
  const weeks = new Map<string, { week: string; opened: number; closed: number }>();
  for (const r of opened) weeks.set(r.week, { week: r.week, opened: Number(r.n), closed: 0 });
  for (const r of closed) {
    const w = weeks.get(r.week) ?? { week: r.week, opened: 0, closed: 0 };
    w.closed = Number(r.n);
    weeks.set(r.week, w);
  }

  const median = await db
    .selectFrom('case_events as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .select(sql<number | null>`percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.at - c.opened_at))`.as('s'))
    .where(sql<SqlBool>`'removed' = ANY (e.outcomes)`)
    .where(readable)
    .executeTakeFirst();
  const s = median?.s == null ? null : Number(median.s);

  return {
    generatedAt: now.toISOString(),
    total: Number(totals.total),
    active: Number(totals.active),
    overdue: Number(totals.overdue),
    byState: byState.map((r) => ({ key: r.state, title: r.title, count: Number(r.n) })),
    byCategory: await byColumn('category'),
    byPlatform: await byColumn('platform'),
    byUnit,
    weekly: [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week)),
    medianDetectionToRemovalHours: s === null ? null : round2(s / 3600),
  };
}
