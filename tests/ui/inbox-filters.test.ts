// The inbox's filters, search and sort in the address: written short, read back the same, and
// anything malformed in a shared link left at its default.
import { describe, expect, it } from 'vitest';
import { columnSort, EMPTY_FILTERS, filtersFromSearch, filtersToSearch, hashSearch, toQuery } from '../../ui/src/features/inbox/filters.ts';

describe('inbox filters in the address', () => {
  it('writes only what differs from the defaults, and reads it back', () => {
    expect(filtersToSearch(EMPTY_FILTERS)).toBe('');
    const f = { ...EMPTY_FILTERS, mine: false, state: 'verifying', q: ' cong an tinh ', overdue: true, sort: '-opened' as const };
    const search = filtersToSearch(f);
    expect(search).toBe('mine=0&state=verifying&q=cong+an+tinh&overdue=1&sort=-opened');
    expect(filtersFromSearch(search)).toEqual({ ...f, q: 'cong an tinh' });
    expect(filtersFromSearch(`?${search}`)).toEqual({ ...f, q: 'cong an tinh' });
  });

  it('keeps Vietnamese text whole, and leaves a bad sort or flag at its default', () => {
    expect(filtersFromSearch(filtersToSearch({ ...EMPTY_FILTERS, q: 'Công an tỉnh & Sở' })).q).toBe('Công an tỉnh & Sở');
    expect(filtersFromSearch('sort=summary&mine=maybe&overdue=yes')).toEqual(EMPTY_FILTERS);
  });

  it('finds the query of a hash address', () => {
    expect(hashSearch('#/inbox?state=x')).toBe('state=x');
    expect(hashSearch('#/inbox?')).toBe('');
    expect(hashSearch('#/inbox')).toBeNull();
  });

  it('sorts a column one way, then the other, and says which for aria-sort', () => {
    expect(columnSort('deadline', 'deadline')).toEqual({ aria: 'ascending', next: '-deadline' });
    expect(columnSort('-deadline', 'deadline')).toEqual({ aria: 'descending', next: 'deadline' });
    expect(columnSort('deadline', 'opened')).toEqual({ aria: 'none', next: '-opened' });
    expect(columnSort('-opened', 'opened')).toEqual({ aria: 'descending', next: 'opened' });
  });

  it('asks the server for the sort only when it is not the default', () => {
    expect(toQuery(EMPTY_FILTERS).sort).toBeUndefined();
    expect(toQuery({ ...EMPTY_FILTERS, sort: 'number' }).sort).toBe('number');
  });
});
