// The dashboard and report answers (schemas/api/dashboard.json, report.json) as the charts and
// tables read them: every count by state, category, platform or unit as a Bucket.
import type { Dashboard, Report, Text } from './api/types.ts';
import { OUTCOMES, OUTCOME_LABELS } from '../../../engine/index.ts';

type Figures = Report['totals'];
export type Figure = keyof Figures;
/** The report's figures: the outcome vocabulary of schemas/procedure.schema.json, in its order. */
export const REPORT_TOTALS = OUTCOMES as readonly Figure[];
/** A figure's label, from the same vocabulary. */
export const figureLabel = (f: Figure): Text => OUTCOME_LABELS[f] ?? { vi: f, en: f };
type Group = { key: string; name?: string; title?: Text };

export interface Bucket {
  key: string;
  /** the server's name for the key (a state's title, a unit's name); else the UI's labels name it */
  label: Text | string | null;
  count: number;
  /** per-figure counts of a report group (detected, verified, …) */
  figures?: Figures;
}

const bucket = ({ key, name, title }: Group, count: number): Bucket => ({ key, label: title ?? name ?? null, count });

export type DashboardModel = Omit<Dashboard, 'byState' | 'byCategory' | 'byPlatform' | 'byUnit'> &
  Record<'byState' | 'byCategory' | 'byPlatform' | 'byUnit', Bucket[]>;

export function readDashboard(d: Dashboard): DashboardModel {
  const counts = (list: (Group & { count: number })[]) => list.map((g) => bucket(g, g.count));
  return { ...d, byState: counts(d.byState), byCategory: counts(d.byCategory), byPlatform: counts(d.byPlatform), byUnit: counts(d.byUnit) };
}

export type ReportCase = Report['cases'][number];
export type ReportModel = Omit<Report, 'byCategory' | 'byPlatform' | 'byUnit'> & Record<'byCategory' | 'byPlatform' | 'byUnit', Bucket[]>;

export function readReport(r: Report): ReportModel {
  const groups = (list: Report['byUnit']) => list.map(({ key, name, ...figures }) => ({ ...bucket({ key, name }, figures.detected), figures }));
  return { ...r, byCategory: groups(r.byCategory), byPlatform: groups(r.byPlatform), byUnit: groups(r.byUnit) };
}
