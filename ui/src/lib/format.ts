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

export function formatDate(iso: string | Date | null | undefined, _lang: Lang): string {
  if (!iso) return '';
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
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Hours as "n giờ" or "n ngày" for medians and percentiles. */
export function formatHours(hours: number | null | undefined, lang: Lang): string {
  if (hours == null || Number.isNaN(hours)) return '—';
  return formatSpan(hours * 3_600_000, lang);
}
