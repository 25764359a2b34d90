// ISO 8601 durations (PnYnMnWnDTnHnMnS). Years and months are calendar units, so a duration is
// added to a date rather than turned into a fixed number of milliseconds where it can be.

const PATTERN =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Parses an ISO 8601 duration; null when the text is not one. */
export function parseDuration(text: string): Duration | null {
  if (typeof text !== 'string') return null;
  const m = PATTERN.exec(text);
  if (!m) return null;
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** Adds a duration to a date, calendar-aware for years and months (UTC). */
export function addDuration(from: Date, text: string): Date {
  const d = parseDuration(text);
  if (!d) throw new Error(`Not an ISO 8601 duration: ${text}`);
  const out = new Date(from.getTime());
  if (d.years || d.months) out.setUTCMonth(out.getUTCMonth() + d.years * 12 + d.months);
  const ms =
    ((d.weeks * 7 + d.days) * 86_400 + d.hours * 3_600 + d.minutes * 60 + d.seconds) * 1000;
  return new Date(out.getTime() + ms);
}

/** Milliseconds of a duration counted from `from` (months vary in length). */
export function durationMs(text: string, from: Date = new Date(0)): number {
  return addDuration(from, text).getTime() - from.getTime();
}

/** A short human form, e.g. "3 ngày 4 giờ" / "3 days 4 hours". */
export function formatDuration(text: string, lang: 'vi' | 'en' = 'vi'): string {
  const d = parseDuration(text);
  if (!d) return text;
  const units: [number, string, string][] = [
    [d.years, 'năm', 'year'],
    [d.months, 'tháng', 'month'],
    [d.weeks, 'tuần', 'week'],
    [d.days, 'ngày', 'day'],
    [d.hours, 'giờ', 'hour'],
    [d.minutes, 'phút', 'minute'],
    [d.seconds, 'giây', 'second'],
  ];
  const parts = units
    .filter(([n]) => n > 0)
    .map(([n, vi, en]) => (lang === 'vi' ? `${n} ${vi}` : `${n} ${en}${n === 1 ? '' : 's'}`));
  return parts.join(' ') || (lang === 'vi' ? '0 giây' : '0 seconds');
}
