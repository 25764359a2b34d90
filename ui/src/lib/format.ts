// Dates, spans of time and sizes written the way a reader of each language expects.
import type { Lang } from './i18n/index.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** dd/mm/yyyy, as Vietnamese documents (and British English) write a date, on the reader's clock. */
function day(d: Date): string {
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

export function formatDateTime(iso: string | null | undefined, _lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${day(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Today on the reader's clock as yyyy-mm-dd, the value of a date field. */
export function todayValue(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A date field's value (yyyy-mm-dd) as the reader writes it: dd/mm/yyyy. */
export function dateValueToText(value: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/**
 * What a reader typed as a date, dd/mm/yyyy (also d/m/yyyy, with dots or dashes), as a date
 * field's value (yyyy-mm-dd); null when it is not a real day.
 */
export function dateTextToValue(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

export function formatDate(iso: string | Date | null | undefined, _lang: Lang): string {
  if (!iso) return '';
  // a date with no time (a form's date field) is that day wherever the reader is
  if (typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso)) return dateValueToText(iso);
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return String(iso);
  return day(d);
}

const UNITS: [ms: number, vi: string, en: string][] = [
  [86_400_000, 'ngày', 'day'],
  [3_600_000, 'giờ', 'hour'],
  [60_000, 'phút', 'minute'],
];

/** A span such as "2 ngày 3 giờ" / "2 days 3 hours": the two largest units, at least minutes. */
export function formatSpan(ms: number, lang: Lang): string {
  let rest = Math.abs(ms);
  const parts: string[] = [];
  for (const [size, vi, en] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0 || (parts.length === 0 && size === 60_000)) {
      parts.push(lang === 'vi' ? `${n} ${vi}` : `${n} ${en}${n === 1 ? '' : 's'}`);
      rest -= n * size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

export interface Deadline {
  overdue: boolean;
  /** milliseconds until due (negative when overdue) */
  remainingMs: number;
  span: string;
}

export function deadline(dueAt: string | null | undefined, now: number, lang: Lang): Deadline | null {
  if (!dueAt) return null;
  const due = new Date(dueAt).getTime();
  if (Number.isNaN(due)) return null;
  const remainingMs = due - now;
  return { overdue: remainingMs < 0, remainingMs, span: formatSpan(remainingMs, lang) };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  const mb = n / 1024 / 1024;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/** Hours as "n giờ" or "n ngày" for medians and percentiles. */
export function formatHours(hours: number | null | undefined, lang: Lang): string {
  if (hours == null || Number.isNaN(hours)) return '—';
  return formatSpan(hours * 3_600_000, lang);
}
