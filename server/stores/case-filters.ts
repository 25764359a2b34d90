// The inbox's filters, in a module of their own: listCases (cases.ts) and stateCounts (case-counts.ts) both take them.
export interface CaseFilters {
  state?: string;
  procedure?: string;
  unit?: string;
  overdue?: boolean;
  q?: string;
  category?: string;
  platform?: string;
  mine?: boolean;
  limit: number;
  cursor?: string;
}
