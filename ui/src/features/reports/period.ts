// Reporting periods: a month, a quarter or chosen dates, as half-open intervals [from, to) of
// local midnights, and how a Vietnamese report names them.
export const PeriodKind = { Month: 'month', Quarter: 'quarter', Custom: 'custom' } as const;
export type PeriodKind = (typeof PeriodKind)[keyof typeof PeriodKind];

export type PeriodChoice =
  | { kind: 'month'; year: number; month: number }
  | { kind: 'quarter'; year: number; quarter: number }
  | { kind: 'custom'; from: string; to: string };

export interface Period {
  from: Date;
  /** exclusive: the first instant after the period */
  to: Date;
}

function parseDay(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d;
}

export function periodOf(choice: PeriodChoice): Period | null {
  switch (choice.kind) {
    case PeriodKind.Month:
      if (choice.month < 1 || choice.month > 12) return null;
      return { from: new Date(choice.year, choice.month - 1, 1), to: new Date(choice.year, choice.month, 1) };
    case PeriodKind.Quarter: {
      if (choice.quarter < 1 || choice.quarter > 4) return null;
      const first = (choice.quarter - 1) * 3;
      return { from: new Date(choice.year, first, 1), to: new Date(choice.year, first + 3, 1) };
    }
    case PeriodKind.Custom: {
      const from = parseDay(choice.from);
      const last = parseDay(choice.to);
      if (!from || !last || last < from) return null;
      return { from, to: new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1) };
    }
  }
}

const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The query of GET /api/reports/summary: calendar dates, both included (Vietnamese time). */
export function periodQuery(p: Period): { from: string; to: string } {
  const last = new Date(p.to.getFullYear(), p.to.getMonth(), p.to.getDate() - 1);
  return { from: ymd(p.from), to: ymd(last) };
}

/** The month or quarter before the one containing `now` — what is usually reported on. */
export function previousChoice(kind: 'month' | 'quarter', now: Date): PeriodChoice {
  if (kind === PeriodKind.Month) {
    const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
    return { kind: 'month', year: d.getFullYear(), month: d.getMonth() + 1 };
  }
  const q = Math.floor(now.getMonth() / 3);
  return q === 0 ? { kind: 'quarter', year: now.getFullYear() - 1, quarter: 4 } : { kind: 'quarter', year: now.getFullYear(), quarter: q };
}

export function currentChoice(kind: 'month' | 'quarter', now: Date): PeriodChoice {
  return kind === PeriodKind.Month
    ? { kind: 'month', year: now.getFullYear(), month: now.getMonth() + 1 }
    : { kind: 'quarter', year: now.getFullYear(), quarter: Math.floor(now.getMonth() / 3) + 1 };
}

const ROMAN = ['I', 'II', 'III', 'IV'];
const pad = (n: number) => String(n).padStart(2, '0');
const dmy = (d: Date) => `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;

/** "tháng 3 năm 2026", "quý I năm 2026", "từ ngày 01/03/2026 đến ngày 15/03/2026" (and English). */
export function periodName(choice: PeriodChoice, lang: 'vi' | 'en'): string {
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  switch (choice.kind) {
    case PeriodKind.Month:
      return lang === 'vi' ? `tháng ${choice.month} năm ${choice.year}` : `${months[choice.month - 1]} ${choice.year}`;
    case PeriodKind.Quarter:
      return lang === 'vi' ? `quý ${ROMAN[choice.quarter - 1]} năm ${choice.year}` : `Q${choice.quarter} ${choice.year}`;
    case PeriodKind.Custom: {
      const p = periodOf(choice);
      if (!p) return '';
      const last = new Date(p.to.getFullYear(), p.to.getMonth(), p.to.getDate() - 1);
      return lang === 'vi' ? `từ ngày ${dmy(p.from)} đến ngày ${dmy(last)}` : `from ${dmy(p.from)} to ${dmy(last)}`;
    }
  }
}

/** The place-and-date line of an official document: "An Giang, ngày 05 tháng 3 năm 2026". */
export function placeAndDate(place: string, d: Date, lang: 'vi' | 'en'): string {
  // Decree 30/2020: days below 10 and months below 3 take a leading zero.
  const day = pad(d.getDate());
  const month = d.getMonth() + 1 < 3 ? pad(d.getMonth() + 1) : String(d.getMonth() + 1);
  return lang === 'vi' ? `${place}, ngày ${day} tháng ${month} năm ${d.getFullYear()}` : `${place}, ${dmy(d)}`;
}
