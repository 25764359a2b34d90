// The inbox filters, search and sort: kept in the address (#/inbox?state=…&sort=…, so a reload,
// Back and Forward and a shared link show the same list) and for the session (coming back to the
// inbox from a case), sent as the query of GET /api/cases.
import { stored } from '../../lib/stored.ts';
import type { CaseQuery } from '../../lib/api/types.ts';

export const InboxSort = {
  Deadline: 'deadline',
  DeadlineLast: '-deadline',
  Opened: 'opened',
  OpenedNewest: '-opened',
  Number: 'number',
  NumberDesc: '-number',
  State: 'state',
  StateDesc: '-state',
} as const;
export type InboxSort = (typeof InboxSort)[keyof typeof InboxSort];
const SORTS = Object.values(InboxSort) as string[];

/** The columns a reader sorts by, each with its two directions (the first: what one click gives). */
export const SORT_COLUMNS = {
  number: ['number', '-number'],
  state: ['state', '-state'],
  deadline: ['deadline', '-deadline'],
  opened: ['-opened', 'opened'],
} as const satisfies Record<string, readonly [InboxSort, InboxSort]>;
export type SortColumn = keyof typeof SORT_COLUMNS;

export interface InboxFilters {
  mine: boolean;
  procedure: string;
  state: string;
  category: string;
  unit: string;
  overdue: boolean;
  q: string;
  sort: InboxSort;
}

export const EMPTY_FILTERS: InboxFilters = {
  mine: true,
  procedure: '',
  state: '',
  category: '',
  unit: '',
  overdue: false,
  q: '',
  sort: InboxSort.Deadline,
};

const kept = stored('session', 'qt.inbox.filters', EMPTY_FILTERS);
export const loadFilters = (): InboxFilters => kept.load();
export const saveFilters = (f: InboxFilters): void => kept.save(f);

const TEXT_KEYS = ['procedure', 'state', 'category', 'unit', 'q'] as const;

/** The part of the address after `?`: only what differs from the defaults, in a fixed order. */
export function filtersToSearch(f: InboxFilters): string {
  const p = new URLSearchParams();
  if (!f.mine) p.set('mine', '0');
  for (const k of TEXT_KEYS) {
    const v = k === 'q' ? f.q.trim() : f[k];
    if (v) p.set(k, v);
  }
  if (f.overdue) p.set('overdue', '1');
  if (f.sort !== InboxSort.Deadline) p.set('sort', f.sort);
  return p.toString();
}

/** Filters from an address's `?…` (anything unknown or malformed left at its default). */
export function filtersFromSearch(search: string): InboxFilters {
  const p = new URLSearchParams(search.replace(/^\?/, ''));
  const f: InboxFilters = { ...EMPTY_FILTERS };
  if (p.get('mine') === '0') f.mine = false;
  for (const k of TEXT_KEYS) f[k] = (p.get(k) ?? '').slice(0, 200);
  f.overdue = p.get('overdue') === '1';
  const sort = p.get('sort') ?? '';
  if (SORTS.includes(sort)) f.sort = sort as InboxSort;
  return f;
}

/** The `?…` of a hash address (`#/inbox?state=x` → `state=x`), or null when it has none. */
export function hashSearch(hash: string): string | null {
  const i = hash.indexOf('?');
  return i < 0 ? null : hash.slice(i + 1);
}

/** A column's sort state for `aria-sort`, and the sort one more click on it gives. */
export function columnSort(current: InboxSort, column: SortColumn): { aria: 'ascending' | 'descending' | 'none'; next: InboxSort } {
  const [first, second] = SORT_COLUMNS[column];
  if (current === first) return { aria: first.startsWith('-') ? 'descending' : 'ascending', next: second };
  if (current === second) return { aria: second.startsWith('-') ? 'descending' : 'ascending', next: first };
  return { aria: 'none', next: first };
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
    sort: f.sort === InboxSort.Deadline ? undefined : f.sort,
    limit,
  };
}
