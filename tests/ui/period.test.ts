import { describe, expect, it } from 'vitest';
import { periodOf, periodQuery, periodName, previousChoice, currentChoice, placeAndDate } from '../../ui/src/features/reports/period.ts';

const local = (d: Date) => [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours()];

describe('report periods', () => {
  it('a month runs from its first day to the first of the next', () => {
    const p = periodOf({ kind: 'month', year: 2026, month: 12 })!;
    expect(local(p.from)).toEqual([2026, 12, 1, 0]);
    expect(local(p.to)).toEqual([2027, 1, 1, 0]);
  });

  it('a quarter covers three months', () => {
    const p = periodOf({ kind: 'quarter', year: 2026, quarter: 2 })!;
    expect(local(p.from)).toEqual([2026, 4, 1, 0]);
    expect(local(p.to)).toEqual([2026, 7, 1, 0]);
  });

  it('custom dates include the last day', () => {
    const p = periodOf({ kind: 'custom', from: '2026-02-10', to: '2026-02-28' })!;
    expect(local(p.from)).toEqual([2026, 2, 10, 0]);
    expect(local(p.to)).toEqual([2026, 3, 1, 0]);
    expect(periodOf({ kind: 'custom', from: '2026-03-02', to: '2026-03-01' })).toBeNull();
    expect(periodOf({ kind: 'custom', from: 'yesterday', to: '2026-03-01' })).toBeNull();
    expect(periodOf({ kind: 'month', year: 2026, month: 13 })).toBeNull();
  });

  it('asks the server for calendar dates, both included', () => {
    expect(periodQuery(periodOf({ kind: 'month', year: 2026, month: 2 })!)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodQuery(periodOf({ kind: 'quarter', year: 2026, quarter: 4 })!)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodQuery(periodOf({ kind: 'custom', from: '2026-03-05', to: '2026-03-05' })!)).toEqual({ from: '2026-03-05', to: '2026-03-05' });
  });

  it('picks the previous and current month or quarter', () => {
    expect(previousChoice('month', new Date(2026, 0, 15))).toEqual({ kind: 'month', year: 2025, month: 12 });
    expect(previousChoice('quarter', new Date(2026, 1, 1))).toEqual({ kind: 'quarter', year: 2025, quarter: 4 });
    expect(previousChoice('quarter', new Date(2026, 7, 1))).toEqual({ kind: 'quarter', year: 2026, quarter: 2 });
    expect(currentChoice('quarter', new Date(2026, 11, 31))).toEqual({ kind: 'quarter', year: 2026, quarter: 4 });
  });

  it('names the period as a Vietnamese report does', () => {
    expect(periodName({ kind: 'month', year: 2026, month: 3 }, 'vi')).toBe('tháng 3 năm 2026');
    expect(periodName({ kind: 'quarter', year: 2026, quarter: 3 }, 'vi')).toBe('quý III năm 2026');
    expect(periodName({ kind: 'custom', from: '2026-03-01', to: '2026-03-15' }, 'vi')).toBe('từ ngày 01/03/2026 đến ngày 15/03/2026');
    expect(periodName({ kind: 'month', year: 2026, month: 3 }, 'en')).toBe('March 2026');
  });

  it('writes the place and date line with the leading zeros of Decree 30', () => {
    expect(placeAndDate('Kiên Giang', new Date(2026, 1, 5), 'vi')).toBe('Kiên Giang, ngày 05 tháng 02 năm 2026');
    expect(placeAndDate('Kiên Giang', new Date(2026, 10, 25), 'vi')).toBe('Kiên Giang, ngày 25 tháng 11 năm 2026');
  });
});
