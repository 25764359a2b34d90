// The SLA and timer picker: a number and a unit instead of raw ISO 8601 text.
import { parseDuration } from '../../../../engine/duration.ts';

export const DurationUnit = { Minutes: 'minutes', Hours: 'hours', Days: 'days', Weeks: 'weeks', Months: 'months' } as const;
export type DurationUnit = (typeof DurationUnit)[keyof typeof DurationUnit];
export const DURATION_UNITS = Object.values(DurationUnit);

export interface DurationParts {
  amount: number;
  unit: DurationUnit;
}

/**
 * An ISO duration as one number and unit: the largest unit that expresses it exactly
 * (P1DT2H → 26 hours). Null when the text is not a duration this picker can show.
 */
export function splitDuration(iso: string | null | undefined): DurationParts | null {
  if (!iso) return null;
  const d = parseDuration(iso);
  if (!d || d.seconds) return null;
  if (d.years || d.months) {
    if (d.weeks || d.days || d.hours || d.minutes) return null;
    return { amount: d.years * 12 + d.months, unit: 'months' };
  }
  const minutes = ((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes;
  if (minutes === 0) return { amount: 0, unit: 'hours' };
  if (minutes % (7 * 24 * 60) === 0 && d.weeks && !d.days) return { amount: minutes / (7 * 24 * 60), unit: 'weeks' };
  if (minutes % (24 * 60) === 0) return { amount: minutes / (24 * 60), unit: 'days' };
  if (minutes % 60 === 0) return { amount: minutes / 60, unit: 'hours' };
  return { amount: minutes, unit: 'minutes' };
}

export function joinDuration(amount: number, unit: DurationUnit): string {
  const n = Math.max(0, Math.floor(amount));
  switch (unit) {
    case 'minutes':
      return `PT${n}M`;
    case 'hours':
      return `PT${n}H`;
    case 'days':
      return `P${n}D`;
    case 'weeks':
      return `P${n}W`;
    case 'months':
      return `P${n}M`;
  }
}
