import { describe, expect, it } from 'vitest';
import { errorFromBody, ApiError } from '../../ui/src/lib/api/errors.ts';
import { readDashboard, readReport } from '../../ui/src/lib/figures.ts';
import { parseHash, href } from '../../ui/src/lib/router.svelte.ts';
import { deadline, formatSpan } from '../../ui/src/lib/format.ts';
import { byDeadline } from '../../ui/src/lib/cases.ts';
import { caseSummary } from '../../engine/index.ts';
import type { Case } from '../../ui/src/lib/api/types.ts';

describe('API errors', () => {
  it('reads the error body of docs/api.md', () => {
    const e = errorFromBody(409, {
      error: { code: 'QT_CASE_VERSION_CONFLICT', message: 'Hồ sơ đã thay đổi', messages: { vi: 'Hồ sơ đã thay đổi', en: 'The case changed' }, details: [] },
    });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('QT_CASE_VERSION_CONFLICT');
    expect(e.text('en')).toBe('The case changed');
    const f = errorFromBody(422, { error: { code: 'QT_FORM_INVALID', message: 'x', details: [{ field: 'urls', message: 'bad' }] } });
    expect(f.details).toEqual([{ field: 'urls', message: 'bad' }]);
    expect(f.text('vi')).toBe('x');
  });

  it('falls back on the status when the body is not ours', () => {
    expect(errorFromBody(409, null).code).toBe('QT_CASE_VERSION_CONFLICT');
    expect(errorFromBody(502, '<html>').code).toBe('QT_UNKNOWN');
  });
});

describe('figures', () => {
  const figures = { detected: 5, verified: 4, rejected: 1, removal_requested: 3, removed: 2, refused: 0, referred: 1, countered: 0, reported: 0, complained: 0, upheld: 0, reversed: 0, withdrawn: 0, cancelled: 0, overdue: 1 };

  it('reads a dashboard answer (schemas/api/dashboard.json): counts as buckets, named by the server when it can', () => {
    const d = readDashboard({
      generatedAt: '2026-03-01T00:00:00.000Z',
      total: 4,
      active: 3,
      overdue: 1,
      byState: [{ key: 'verifying', title: { vi: 'Xác minh', en: 'Verifying' }, count: 2 }],
      byCategory: [{ key: 'fraud', count: 1 }],
      byPlatform: [],
      byUnit: [{ key: 'u1', name: 'Sở TT&TT', count: 3 }],
      weekly: [{ week: '2026-02-23', opened: 2, closed: 1 }],
      medianDetectionToRemovalHours: 30,
    });
    expect(d.byState).toEqual([{ key: 'verifying', label: { vi: 'Xác minh', en: 'Verifying' }, count: 2 }]);
    expect(d.byCategory).toEqual([{ key: 'fraud', label: null, count: 1 }]);
    expect(d.byUnit).toEqual([{ key: 'u1', label: 'Sở TT&TT', count: 3 }]);
    expect(d).toMatchObject({ active: 3, overdue: 1, medianDetectionToRemovalHours: 30, weekly: [{ week: '2026-02-23', opened: 2, closed: 1 }] });
  });

  it('reads a report answer (schemas/api/report.json): each group counted by its cases detected, with its figures', () => {
    const r = readReport({
      from: '2026-03-01',
      to: '2026-03-31',
      generatedAt: '2026-03-31T00:00:00.000Z',
      totals: figures,
      byCategory: [{ key: 'fraud', ...figures }],
      byPlatform: [],
      byUnit: [{ key: 'u1', name: 'Sở TT&TT', ...figures }],
      stepDurations: [{ state: 'verifying', title: { vi: 'X', en: 'Y' }, count: 4, medianHours: 3, p90Hours: 10 }],
      cases: [],
      casesTotal: 0,
    });
    expect(r.totals.detected).toBe(5);
    expect(r.byCategory).toEqual([{ key: 'fraud', label: null, count: 5, figures }]);
    expect(r.byUnit[0]).toMatchObject({ key: 'u1', label: 'Sở TT&TT', count: 5 });
    expect(r.stepDurations[0]).toMatchObject({ state: 'verifying', medianHours: 3, p90Hours: 10 });
  });
});

describe('routes, deadlines, cases', () => {
  it('parses and writes hash routes', () => {
    expect(parseHash('#/cases/abc-1')).toEqual({ name: 'case', id: 'abc-1' });
    expect(parseHash('')).toEqual({ name: 'inbox' });
    expect(parseHash('#/new/harmful-content')).toEqual({ name: 'new', procedure: 'harmful-content' });
    expect(parseHash('#/whatever')).toMatchObject({ name: 'not-found' });
    expect(href({ name: 'case', id: 'a b' })).toBe('#/cases/a%20b');
  });

  it('says time left or overdue', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(deadline('2026-03-03T05:00:00Z', now, 'vi')).toMatchObject({ overdue: false, span: '2 ngày 5 giờ' });
    expect(deadline('2026-02-28T22:30:00Z', now, 'en')).toMatchObject({ overdue: true, span: '1 hour 30 minutes' });
    expect(deadline(null, now, 'vi')).toBeNull();
    expect(formatSpan(20_000, 'vi')).toBe('0 phút');
  });

  it('sorts as the server does: nearest deadline, none last, then the newest opened, then id', () => {
    const c = (id: string, dueAt: string | null, openedAt = '2026-01-01T00:00:00Z', updatedAt = '2026-01-09T00:00:00Z') =>
      ({ id, dueAt, openedAt, updatedAt }) as Case;
    const list = [
      c('none-old', null, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'),
      c('late', '2026-05-01T00:00:00Z'),
      c('none-new-b', null, '2026-01-02T00:00:00Z'),
      c('soon', '2026-04-01T00:00:00Z'),
      c('none-new-a', null, '2026-01-02T00:00:00Z'),
    ].sort(byDeadline);
    expect(list.map((x) => x.id)).toEqual(['soon', 'late', 'none-new-a', 'none-new-b', 'none-old']);
    // the summary is the field the procedure names (the first filled in of a list), never a guess
    const p = { summaryField: ['accountName', 'urls'] };
    expect(caseSummary(p, { urls: ['https://x'] })).toBe('https://x');
    expect(caseSummary(p, { accountName: ' Trang giả ', description: 'dài' })).toBe('Trang giả');
    expect(caseSummary({ summaryField: 'title' }, { accountName: 'Trang giả' })).toBe('');
    expect(caseSummary({}, { title: 'Không khai báo' })).toBe('');
  });
});
