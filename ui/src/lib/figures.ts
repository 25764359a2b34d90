// Readings of the dashboard and report answers. docs/api.md leaves their exact shape to the
// server, so counts are accepted as {key: n} maps or as [{key|state|..., count}] lists.
import type { Text } from './api/types.ts';

export interface Bucket {
  key: string;
  label: Text | string | null;
  count: number;
  /** per-figure counts of a report group (detected, verified, …) */
  figures?: Record<string, number>;
}

const FIGURE_FIELDS = ['detected', 'verified', 'rejected', 'removalRequested', 'removed', 'refused', 'referred', 'countered', 'overdue'];

const KEY_FIELDS = ['key', 'id', 'state', 'category', 'platform', 'unit', 'unitId', 'name', 'value'];
const LABEL_FIELDS = ['label', 'title', 'stateTitle', 'unitName', 'name'];

function obj(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function num(v: unknown): number {
  const n = typeof v === 'string' ? Number(v) : (v as number);
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

export function buckets(v: unknown): Bucket[] {
  if (Array.isArray(v)) {
    return v
      .map((x) => {
        const o = obj(x);
        if (!o) return null;
        const keyField = KEY_FIELDS.find((k) => typeof o[k] === 'string' || typeof o[k] === 'number');
        const labelField = LABEL_FIELDS.find((k) => k !== keyField && (typeof o[k] === 'string' || obj(o[k])));
        const figures = Object.fromEntries(FIGURE_FIELDS.filter((f) => typeof o[f] === 'number').map((f) => [f, o[f] as number]));
        const hasFigures = Object.keys(figures).length > 0;
        return {
          key: keyField ? String(o[keyField]) : '',
          label: labelField ? (o[labelField] as Text | string) : null,
          count: num(o.count ?? o.n ?? o.total ?? o.value ?? (hasFigures ? figures.detected : undefined)),
          ...(hasFigures ? { figures } : {}),
        };
      })
      .filter((b): b is Bucket => b !== null);
  }
  const o = obj(v);
  if (!o) return [];
  return Object.entries(o).map(([key, count]) => {
    const inner = obj(count);
    return inner
      ? { key, label: (inner.label ?? inner.title ?? null) as Text | string | null, count: num(inner.count) }
      : { key, label: null, count: num(count) };
  });
}

/** The first of several names a field may have. */
export function field(o: unknown, ...names: string[]): unknown {
  const r = obj(o);
  if (!r) return undefined;
  for (const n of names) if (r[n] !== undefined) return r[n];
  return undefined;
}

/** Hours from any of …Hours, …Ms, …Seconds fields, or an object {hours}/{ms}. */
export function hours(o: unknown, base: string): number | null {
  const r = obj(o);
  if (!r) return null;
  if (typeof r[`${base}Hours`] === 'number') return r[`${base}Hours`] as number;
  if (typeof r[`${base}Ms`] === 'number') return (r[`${base}Ms`] as number) / 3_600_000;
  if (typeof r[`${base}Seconds`] === 'number') return (r[`${base}Seconds`] as number) / 3600;
  const inner = r[base];
  if (typeof inner === 'number') return inner;
  const io = obj(inner);
  if (io) {
    if (typeof io.hours === 'number') return io.hours;
    if (typeof io.ms === 'number') return io.ms / 3_600_000;
    if (typeof io.seconds === 'number') return io.seconds / 3600;
  }
  return null;
}

export interface Week {
  week: string;
  opened: number;
  closed: number;
}

export function weeks(v: unknown): Week[] {
  if (!Array.isArray(v)) return [];
  return v.map((x) => ({
    week: String(field(x, 'week', 'weekStart', 'start', 'from', 'key') ?? ''),
    opened: num(field(x, 'opened', 'created', 'open')),
    closed: num(field(x, 'closed', 'done', 'finished')),
  }));
}

export interface DashboardModel {
  byState: Bucket[];
  byCategory: Bucket[];
  byPlatform: Bucket[];
  byUnit: Bucket[];
  overdue: number;
  active: number | null;
  weekly: Week[];
  medianDetectionToRemovalHours: number | null;
}

export function readDashboard(raw: unknown): DashboardModel {
  const overdueRaw = field(raw, 'overdue', 'overdueCount');
  return {
    byState: buckets(field(raw, 'byState', 'states')),
    byCategory: buckets(field(raw, 'byCategory', 'categories')),
    byPlatform: buckets(field(raw, 'byPlatform', 'platforms')),
    byUnit: buckets(field(raw, 'byUnit', 'units')),
    overdue: Array.isArray(overdueRaw) ? overdueRaw.length : num(obj(overdueRaw)?.count ?? overdueRaw),
    active: field(raw, 'active', 'open', 'total') === undefined ? null : num(field(raw, 'active', 'open', 'total')),
    weekly: weeks(field(raw, 'weekly', 'perWeek', 'weeks', 'openedClosedPerWeek')),
    medianDetectionToRemovalHours: hours(raw, 'medianDetectionToRemoval'),
  };
}

export const REPORT_TOTALS = [
  'detected',
  'verified',
  'rejected',
  'removalRequested',
  'removed',
  'refused',
  'referred',
  'overdue',
] as const;
export type ReportTotal = (typeof REPORT_TOTALS)[number];

export interface StepTime {
  state: string;
  label: Text | string | null;
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface ReportCase {
  id: string;
  number: string;
  summary: string;
  category: string;
  platform: string;
  unitName: string;
  state: string;
  stateTitle: Text | string | null;
  openedAt: string;
  outcome: string;
}

export interface ReportModel {
  totals: Record<ReportTotal, number>;
  byCategory: Bucket[];
  byPlatform: Bucket[];
  byUnit: Bucket[];
  steps: StepTime[];
  cases: ReportCase[];
}

export function readReport(raw: unknown): ReportModel {
  const totalsRaw = field(raw, 'totals', 'figures', 'counts') ?? raw;
  const totals = Object.fromEntries(REPORT_TOTALS.map((k) => [k, num(field(totalsRaw, k))])) as Record<ReportTotal, number>;
  const stepsRaw = field(raw, 'stepDurations', 'steps', 'stepTimes', 'durations', 'timePerStep');
  const steps: StepTime[] = Array.isArray(stepsRaw)
    ? stepsRaw.map((s) => ({
        state: String(field(s, 'state', 'step', 'key') ?? ''),
        label: (field(s, 'title', 'label', 'stateTitle') as Text | string | undefined) ?? null,
        count: num(field(s, 'count', 'n')),
        medianHours: hours(s, 'median'),
        p90Hours: hours(s, 'p90'),
      }))
    : buckets(stepsRaw).map((b) => ({
        state: b.key,
        label: b.label,
        count: b.count,
        medianHours: hours(obj(stepsRaw)?.[b.key], 'median'),
        p90Hours: hours(obj(stepsRaw)?.[b.key], 'p90'),
      }));
  const casesRaw = field(raw, 'cases', 'items', 'list');
  const cases: ReportCase[] = Array.isArray(casesRaw)
    ? casesRaw.map((c) => {
        const data = obj(field(c, 'data')) ?? {};
        const s = (...names: string[]) => {
          const v = field(c, ...names) ?? field(data, ...names);
          return v === undefined || v === null ? '' : String(v);
        };
        return {
          id: s('id'),
          number: s('number'),
          summary: s('summary', 'accountName', 'title', 'description'),
          category: s('category'),
          platform: s('platform'),
          unitName: s('unitName', 'unit'),
          state: s('state'),
          stateTitle: (field(c, 'stateTitle') as Text | undefined) ?? null,
          openedAt: s('openedAt', 'detectedAt'),
          outcome: s('outcome'),
        };
      })
    : [];
  return {
    totals,
    byCategory: buckets(field(raw, 'byCategory', 'categories')),
    byPlatform: buckets(field(raw, 'byPlatform', 'platforms')),
    byUnit: buckets(field(raw, 'byUnit', 'units')),
    steps,
    cases,
  };
}

/** Cases opened or moved within [from, to), as report rows: for a report answer with no case list. */
export function casesInPeriod(
  cases: { id: string; number: string; data: Record<string, unknown>; unitName: string; state: string; stateTitle: Text; openedAt: string; updatedAt: string }[],
  from: Date,
  to: Date,
): ReportCase[] {
  const inside = (iso: string) => {
    const t = Date.parse(iso);
    return t >= from.getTime() && t < to.getTime();
  };
  return cases
    .filter((c) => inside(c.openedAt) || inside(c.updatedAt))
    .sort((a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt))
    .map((c) => {
      const d = c.data ?? {};
      const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
      return {
        id: c.id,
        number: c.number,
        summary: str(d.accountName ?? d.title ?? d.description ?? (Array.isArray(d.urls) ? d.urls[0] : '')),
        category: str(d.category),
        platform: str(d.platform),
        unitName: c.unitName,
        state: c.state,
        stateTitle: c.stateTitle,
        openedAt: c.openedAt,
        outcome: str(d.outcome),
      };
    });
}
