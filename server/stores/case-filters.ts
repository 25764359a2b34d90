// The inbox's filters, in a module of their own: listCases (cases.ts) and stateCounts (case-counts.ts) both take them.

/** The columns the inbox sorts by; `-` first: descending. The default, `deadline`: nearest deadline first. */
export const CASE_SORTS = ['deadline', '-deadline', 'opened', '-opened', 'number', '-number', 'state', '-state'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export interface CaseFilters {
  state?: string;
  procedure?: string;
  unit?: string;
  overdue?: boolean;
  q?: string;
  category?: string;
  platform?: string;
  mine?: boolean;
  sort?: CaseSort;
  limit: number;
  cursor?: string;
}
