// The one line that tells a case apart in lists, the report and the case page: the value of the
// field the procedure names (`summaryField`), never a field guessed from its name.
import type { Procedure } from './types.ts';

const MAX = 160;

/** The fields a procedure names for the summary, in order. */
export function summaryFields(procedure: Pick<Procedure, 'summaryField'> | undefined): string[] {
  const f = procedure?.summaryField;
  return typeof f === 'string' ? [f] : Array.isArray(f) ? f : [];
}

/** The case's summary: the first of its `summaryField`s filled in (a list: its first item), trimmed; '' when none. */
export function caseSummary(procedure: Pick<Procedure, 'summaryField'> | undefined, data: Record<string, unknown> | null | undefined): string {
  for (const field of summaryFields(procedure)) {
    let v = data?.[field];
    if (Array.isArray(v)) v = v.find((x) => typeof x === 'string' || typeof x === 'number');
    if (typeof v === 'number') return String(v);
    if (typeof v === 'string' && v.trim()) return v.trim().slice(0, MAX);
  }
  return '';
}
