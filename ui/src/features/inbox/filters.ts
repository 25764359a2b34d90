// The inbox filters, as the query of GET /api/cases, kept for the session.
import type { CaseQuery } from '../../lib/api/types.ts';

export interface InboxFilters {
  mine: boolean;
  procedure: string;
  state: string;
  category: string;
  unit: string;
  overdue: boolean;
  q: string;
}

export const EMPTY_FILTERS: InboxFilters = {
  mine: true,
  procedure: '',
  state: '',
  category: '',
  unit: '',
  overdue: false,
  q: '',
};

const KEY = 'qt.inbox.filters';

export function loadFilters(): InboxFilters {
  try {
    const raw = globalThis.sessionStorage?.getItem(KEY);
    if (raw) return { ...EMPTY_FILTERS, ...(JSON.parse(raw) as Partial<InboxFilters>) };
  } catch {
    /* ignore */
  }
  return { ...EMPTY_FILTERS };
}

export function saveFilters(f: InboxFilters): void {
  try {
    globalThis.sessionStorage?.setItem(KEY, JSON.stringify(f));
  } catch {
    /* ignore */
  }
}

export function toQuery(f: InboxFilters, limit = 50): CaseQuery {
  return {
    mine: f.mine ? '1' : undefined,
    procedure: f.procedure || undefined,
    state: f.state || undefined,
    category: f.category || undefined,
    unit: f.unit || undefined,
    overdue: f.overdue ? '1' : undefined,
    q: f.q.trim() || undefined,
    limit,
  };
}
