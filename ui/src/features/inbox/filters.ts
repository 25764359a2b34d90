// The inbox filters, as the query of GET /api/cases, kept for the session.
import { stored } from '../../lib/stored.ts';
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

const kept = stored('session', 'qt.inbox.filters', EMPTY_FILTERS);
export const loadFilters = (): InboxFilters => kept.load();
export const saveFilters = (f: InboxFilters): void => kept.save(f);

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
